import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openJournal } from './journal';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('keeps every event reported as written when the process is killed with SIGKILL', async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-crash-'));
  const file = join(dir, 'journal.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'crash-writer.fixture.ts'), file], {
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(__dirname, '../../tsconfig.node.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reported: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((done, fail) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      reported.push(...lines.filter(Boolean));
      if (reported.length >= 300) {
        child.kill('SIGKILL');
        done();
      }
    });
    child.on('exit', (code) => fail(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  await new Promise((r) => child.once('close', r));

  const j = openJournal(file);
  try {
    const stored = new Set(j.list({ limit: 100_000 }).map((e) => e.id));
    const missing = reported.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(j.verifyChain()).toBeNull();
    // Every stored event is still waiting in the outbox: nothing was lost on the way to the hub.
    expect(j.outbox.count()).toBe(stored.size);
  } finally {
    j.close();
  }
});

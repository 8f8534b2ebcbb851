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

/** Starts the writer on `file` and SIGKILLs it once it has reported `killAfter` committed ids. */
async function writeUntilKilled(file: string, killAfter: number): Promise<string[]> {
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
      if (reported.length >= killAfter && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        done();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') fail(new Error(`writer exited early (${code}): ${stderr}`));
    });
  });
  await new Promise((r) => child.once('close', r));
  return reported;
}

it('keeps every event reported as written across repeated SIGKILLs mid-write, and the chain verifies after each restart', async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-crash-'));
  const file = join(dir, 'journal.sqlite');
  const reported: string[] = [];
  // Different kill points, so the kill lands in different phases of the write loop.
  for (const killAfter of [300, 37, 150, 1, 90]) {
    reported.push(...(await writeUntilKilled(file, killAfter)));
    const j = openJournal(file);
    try {
      const stored = new Set(j.list({ limit: 100_000 }).map((e) => e.id));
      expect(reported.filter((id) => !stored.has(id))).toEqual([]);
      expect(j.verifyChain()).toBeNull();
      // Every stored event is still waiting in the outbox: nothing was lost on the way to the hub.
      expect(j.outbox.count()).toBe(stored.size);
    } finally {
      j.close();
    }
  }
}, 60_000);

/**
 * The browser-mode entry as a real process (through tsx, so no build is
 * needed): embedded hub and simulator, the ready line, a page session over
 * the WebSocket, then a clean SIGTERM that journals the logout.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openJournal } from './journal/journal';
import { tempDir } from './testing/fixtures';

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'main', 'browser.ts');
const TOKEN = 'entry-test-token-0123456789';
const env = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json'), VEILLE_LOG_LEVEL: 'warn' };
const children: ChildProcessWithoutNullStreams[] = [];
let tmp: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  tmp?.remove();
});

function startEntry(args: string[]): { child: ChildProcessWithoutNullStreams; ready: Promise<string>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, env });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<string>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Veille console ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
      if (m) res(m[1]!);
    });
    child.on('exit', (code) => rej(new Error(`exited ${code} before ready: ${err}`)));
  });
  return { child, ready, stderr: () => err };
}

function session(url: string) {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token')}`, { origin: u.origin });
  let id = 0;
  const waiting = new Map<number, (m: { ok: boolean; result?: unknown; error?: unknown }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.kind === 'res') waiting.get(m.id)?.(m);
  });
  const opened = new Promise((r) => ws.on('open', r));
  return {
    ws,
    async call(method: string, args: unknown = {}) {
      await opened;
      const n = ++id;
      return new Promise<{ ok: boolean; result?: unknown; error?: unknown }>((r) => {
        waiting.set(n, r);
        ws.send(JSON.stringify({ kind: 'req', id: n, method, args }));
      });
    },
  };
}

it('boots the demo, prints the ready line, serves a session, and stops cleanly on SIGTERM', async () => {
  tmp = tempDir();
  const { child, ready } = startEntry(['--port', '0', '--data-dir', tmp.dir, '--token', TOKEN, '--sim-rate', '30']);
  const url = await ready;
  expect(url).toMatch(new RegExp(`/\\?token=${TOKEN}$`));
  const s = session(url);
  expect(await s.call('session.login', { username: 'operateur1', password: 'veille-demo' })).toMatchObject({
    ok: true,
    result: { operator: { username: 'operateur1' }, hub: { demo: true, connected: true } },
  });
  // The embedded simulator raises its first alarm within seconds.
  let cases: unknown[] = [];
  for (let i = 0; i < 100 && cases.length === 0; i++) {
    cases = ((await s.call('cases.list')).result as unknown[]) ?? [];
    if (cases.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  expect(cases.length).toBeGreaterThan(0);
  s.ws.close();

  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const j = openJournal(join(tmp.dir, 'journal.sqlite'));
  try {
    expect(j.list({ limit: 10 }).map((e) => [e.type, e.payload.reason ?? null])).toEqual([
      ['session.logout', 'shutdown'],
      ['session.login', null],
    ]);
    expect(j.verifyChain()).toBeNull();
  } finally {
    j.close();
  }
}, 30_000);

it('exits with code 2 and a clear message on a bad setting', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, '--sim-rate', 'many'], { cwd: ROOT, env, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--sim-rate \/ VEILLE_SIM_RATE/);
  expect(r.stdout).toBe('');
});

it('a second console on the same data dir refuses to start, leaving the first one serving', async () => {
  tmp = tempDir();
  const first = startEntry(['--port', '0', '--data-dir', tmp.dir, '--token', TOKEN, '--no-sim']);
  const url = await first.ready;
  const second = startEntry(['--port', '0', '--data-dir', tmp.dir, '--token', TOKEN, '--no-sim']);
  await expect(second.ready).rejects.toThrow(/exited 1 .*in use by another Veille console/s);
  expect((await session(url).call('app.info')).ok).toBe(true);
}, 30_000);

/**
 * The browser-mode entry as a real process (through tsx, so no build is
 * needed): embedded hub and simulator, the ready line, a page session over
 * the WebSocket, then a clean SIGTERM that journals the logout.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
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
    expect(j.list({ limit: 10 }).map((e) => [e.type, e.payload?.reason ?? null])).toEqual([
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

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
const check = async (url: string, token: string) => (await fetch(`${new URL(url).origin}/api/session-check?token=${encodeURIComponent(token)}`)).status;

/** Resolves with 101 when the page's socket opens, else the HTTP status of the refusal. */
function reopen(url: string, token: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${u.host}/api?token=${encodeURIComponent(token)}`, { origin: u.origin });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

it('keeps its token across a crash and restart, so the open tab works again; --new-token replaces it', async () => {
  tmp = tempDir();
  const first = startEntry(['--port', '0', '--data-dir', tmp.dir, '--no-sim']);
  const url = await first.ready;
  const token = tokenOf(url);
  expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  expect(statSync(join(tmp.dir, 'browser-token')).mode & 0o777).toBe(0o600);
  expect(await check(url, token)).toBe(204);
  const port = new URL(url).port;

  const crashed = new Promise((r) => first.child.on('exit', r));
  first.child.kill('SIGKILL');
  await crashed;
  const second = startEntry(['--port', port, '--data-dir', tmp.dir, '--no-sim']);
  expect(await second.ready).toBe(url);
  expect(await reopen(url, token)).toBe(101);
  expect((await session(url).call('app.info')).ok).toBe(true);

  const stopped = new Promise((r) => second.child.on('exit', r));
  second.child.kill('SIGTERM');
  await stopped;
  const third = startEntry(['--port', port, '--data-dir', tmp.dir, '--no-sim', '--new-token']);
  const rotatedUrl = await third.ready;
  const rotated = tokenOf(rotatedUrl);
  expect(rotated).not.toBe(token);
  expect(await check(url, token)).toBe(401);
  expect(await check(url, rotated)).toBe(204);
  expect(await reopen(url, token)).toBe(401);
  expect(await reopen(rotatedUrl, rotated)).toBe(101);
}, 60_000);

it('a port already in use: one clear line, exit 1, and no hub, simulator or journal started', async () => {
  tmp = tempDir();
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as { port: number }).port;
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, '--port', String(port), '--data-dir', tmp.dir], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    // JSON log lines may come first (e.g. "renderer not built" on a fresh clone); the first
    // line meant for a person is the port message.
    expect(r.stderr.split('\n').filter((l) => !l.startsWith('{'))[0]).toBe(
      `veille: Le port ${port} est déjà utilisé (une autre console ?) : choisissez-en un autre avec --port <n> ou --port 0`,
    );
    expect(r.stderr).not.toMatch(/"stack"/);
    expect(existsSync(join(tmp.dir, 'hub'))).toBe(false);
    expect(existsSync(join(tmp.dir, 'journal.sqlite'))).toBe(false);
  } finally {
    await new Promise((res) => taken.close(res));
  }
}, 30_000);

it('--help prints every flag and variable and exits 0, starting nothing', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, '--help', '--bogus'], { cwd: ROOT, env, encoding: 'utf8' });
  expect(r.status).toBe(0);
  for (const word of ['--hub-url', '--data-dir', '--port', '--host', '--sim-rate', '--no-sim', '--token', '--new-token', '--help', 'VEILLE_HUB_URL', 'VEILLE_DATA']) {
    expect(r.stdout, word).toContain(word);
  }
  expect(r.stderr).toBe('');
});

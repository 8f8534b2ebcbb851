/**
 * `user passwd` and `user remove` run as the real command line (a separate process
 * writing the same SQLite file) end the user's sessions: the running hub tells
 * each live console why and disconnects it within about a second.
 */
import { afterEach, expect, it } from 'vitest';
import { LoginResponse, type SessionEnded } from '@shared/hub-protocol/console';
import { useHubCli } from '../cli-test-helpers';
import { connectConsole, startFixture, type Fixture } from '../test-helpers';

const { spawnCli } = useHubCli('veille-cli-sessions-');

let f: Fixture | undefined;
afterEach(async () => {
  await f?.cleanup();
  f = undefined;
});

function cli(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnCli(args);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(stdin);
  return new Promise((res) => child.on('close', (code) => res({ code, out, err })));
}

async function loggedInConsole(fx: Fixture, username: string) {
  const r = await fetch(`${fx.hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'veille-demo', consoleId: `console-${username}` }),
  });
  const session = LoginResponse.parse(await r.json());
  const c = await connectConsole(fx, session.token);
  await c.snapshot;
  return {
    session,
    socket: c.socket,
    ended: new Promise<{ event: SessionEnded; at: number }>((resolve) => c.socket.once('session.ended', (event: SessionEnded) => resolve({ event, at: Date.now() }))),
    disconnected: new Promise<void>((resolve) => c.socket.once('disconnect', () => resolve())),
  };
}

it('user passwd: the live console is told "password-changed" and cut within 2 s; its refresh token is dead; others stay', { timeout: 60_000 }, async () => {
  f = await startFixture();
  const target = await loggedInConsole(f, 'operateur1');
  const bystander = await loggedInConsole(f, 'operateur2');

  const run = await cli(['user', 'passwd', 'operateur1', '--data-dir', f.dataDir], 'un-nouveau-mot-de-passe\n');
  const committedAt = Date.now();
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/1 open session\(s\) ended/);

  const { event, at } = await target.ended;
  expect(event).toEqual({ reason: 'password-changed' });
  expect(at - committedAt).toBeLessThan(2000);
  await target.disconnected;
  const refreshed = await fetch(`${f.hub.url}/api/session/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: target.session.refreshToken, consoleId: 'console-operateur1' }),
  });
  expect(await refreshed.json()).toMatchObject({ error: { code: 'session-ended', reason: 'password-changed' } });
  expect(bystander.socket.connected).toBe(true);
});

it('user remove: the live console is told "account-removed" and cut within 2 s', { timeout: 60_000 }, async () => {
  f = await startFixture();
  const target = await loggedInConsole(f, 'operateur2');

  const run = await cli(['user', 'remove', 'operateur2', '--data-dir', f.dataDir]);
  const committedAt = Date.now();
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/User "operateur2" removed\. 1 open session\(s\) ended/);

  const { event, at } = await target.ended;
  expect(event).toEqual({ reason: 'account-removed' });
  expect(at - committedAt).toBeLessThan(2000);
  await target.disconnected;
});

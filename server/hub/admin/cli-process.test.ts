/**
 * The real command line: `node --import tsx server/hub/cli.ts …` as child
 * processes, beside a hub started the same way on the same data folder and
 * kept busy with alarms, so the commands meet a live SQLite writer.
 */
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { expect, it } from 'vitest';
import { HUB_NAMESPACE, type Snapshot } from '@shared/hub-protocol/console';
import { useHubCli } from '../cli-test-helpers';
import { alarmBody, login, postAlarm } from '../test-helpers';

const { spawnCli, spawnCliVia, tempDir } = useHubCli('veille-admin-cli-');

function cli(args: string[], stdin = '', extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnCli(args, extraEnv);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(stdin);
  return new Promise((res) => child.on('close', (code) => res({ code, out, err })));
}

/** The open cases a console would be shown on connecting. */
async function openCaseCount(url: string, token: string): Promise<number> {
  const socket = ioClient(url + HUB_NAMESPACE, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
  try {
    const snapshot = await new Promise<Snapshot>((res, rej) => {
      socket.once('snapshot', res);
      socket.once('connect_error', rej);
    });
    return snapshot.cases.length;
  } finally {
    socket.disconnect();
  }
}

function startHubProcess(dataDir: string): Promise<string> {
  // One case per alarm: the test counts the alarms it sent in the queue.
  const child = spawnCli(['--port', '0', '--data-dir', dataDir, '--group-window-s', '0']);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Veille hub listening on (http:\/\/127\.0\.0\.1:\d+)/m.exec(out);
      if (m) res(m[1]!);
    });
    child.on('exit', (code) => rej(new Error(`hub exited ${code} before listening: ${err}`)));
  });
}

it('creates an operator and a gateway key that a running hub accepts, while it is busy writing', { timeout: 90_000 }, async () => {
  const dir = tempDir();
  const url = await startHubProcess(dir);
  const first = await cli(['gateway', 'add', 'passerelle-1', '--data-dir', dir]);
  expect(first.code).toBe(0);
  expect(first.err).toMatch(/will NOT be shown again/);
  const key1 = first.out.trim();
  expect(key1).toMatch(/^[0-9A-Z]{26}\.[\w-]{43}$/);

  // Alarms keep the hub writing while the CLI writes to the same database: every
  // alarm must be accepted (the hub's transactions wait for the write lock).
  let stop = false;
  const sent: { body: Record<string, unknown>; status: number }[] = [];
  const flood = (async () => {
    while (!stop) {
      const body = alarmBody();
      sent.push({ body, status: (await postAlarm(url, key1, body)).status });
    }
  })();
  const add = await cli(['user', 'add', 'camille', '--name', 'Camille Morvan', '--role', 'operator', '--data-dir', dir], 'mot-de-passe-long\n');
  const other = await cli(['gateway', 'add', 'passerelle-2', '--data-dir', dir]);
  stop = true;
  await flood;
  expect(add).toMatchObject({ code: 0 });
  expect(other.code).toBe(0);
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.filter((a) => a.status !== 202)).toEqual([]);
  const { token } = await login(url, 'camille', 'mot-de-passe-long');
  expect(await openCaseCount(url, token)).toBe(sent.length);

  expect((await login(url, 'camille', 'mot-de-passe-long')).operator).toMatchObject({ displayName: 'Camille Morvan', role: 'operator' });
  expect((await postAlarm(url, other.out.trim(), alarmBody())).status).toBe(202);

  const rotated = await cli(['gateway', 'add', 'passerelle-1', '--data-dir', dir]);
  expect(rotated.code).toBe(0);
  expect(rotated.err).toMatch(/rotated/);
  expect((await postAlarm(url, key1, alarmBody())).status).toBe(401);
  expect((await postAlarm(url, rotated.out.trim(), alarmBody())).status).toBe(202);

  const users = await cli(['user', 'list', '--data-dir', dir]);
  const gateways = await cli(['gateway', 'list', '--data-dir', dir]);
  expect(users.out).toMatch(/camille\s+Camille Morvan\s+operator/);
  expect(gateways.out).toMatch(/passerelle-1/);
  for (const text of [users.out + users.err, gateways.out + gateways.err]) {
    expect(text).not.toMatch(/argon2|mot-de-passe-long/);
    expect(text).not.toContain(rotated.out.trim().split('.')[1]);
  }
});

it('migrates a new folder from VEILLE_HUB_DATA, refuses bad input with exit 1 and bad usage with exit 2', { timeout: 60_000 }, async () => {
  const dir = join(tempDir(), 'new');
  const byEnv = { VEILLE_HUB_DATA: dir };
  const short = await cli(['user', 'add', 'yanis', '--name', 'Yanis'], 'court\n', byEnv);
  expect(short.code).toBe(1);
  expect(short.err).toMatch(/Note: no hub database was in .*new; a new one was created/);
  expect(short.err).toMatch(/at least 10 characters/);
  expect(await cli(['user', 'add', 'yanis', '--name', 'Yanis'], 'assez-long-1\n', byEnv)).toMatchObject({ code: 0 });
  const dup = await cli(['user', 'add', 'yanis', '--name', 'Yanis'], 'assez-long-2\n', byEnv);
  expect(dup.code).toBe(1);
  expect(dup.err).toMatch(/already exists/);
  const usage = await cli(['gateway'], '', byEnv);
  expect(usage.code).toBe(2);
  expect(usage.err).toMatch(/Exit status: 0 done, 1 refused, 2 usage error/);
  // Flags before the subcommand are the hub's own: a clear usage error, not a started hub.
  expect((await cli(['--data-dir', dir, 'user', 'list'])).code).toBe(2);
});

it('prompts twice without echo when stdin is a terminal', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  // Python's pty module gives the CLI a real terminal; Node has none built in.
  const script = `
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
def until(s, t=30):
    global out
    end = time.time() + t
    while s not in out and time.time() < end:
        if select.select([fd], [], [], 0.2)[0]:
            try: out += os.read(fd, 4096)
            except OSError: return
until(b'Password: ')
os.write(fd, b'typed-in-tty-1\\r')
until(b'Password again: ')
os.write(fd, b'typed-in-tty-1\\r')
until(b'operator) created')
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode() + '\\nEXIT=' + str(os.waitstatus_to_exitcode(st)))
`;
  const child = spawnCliVia('python3', ['-c', script], ['user', 'add', 'tty', '--name', 'Terminal', '--data-dir', dir]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise((res) => child.on('close', res));
  expect(code).toBe(0);
  expect(out).toMatch(/Password: [\r\n]+Password again: /);
  expect(out).toMatch(/User "tty" \(Terminal, operator\) created/);
  expect(out).toMatch(/EXIT=0/);
  expect(out).not.toContain('typed-in-tty-1');
  expect((await cli(['user', 'list', '--data-dir', dir])).out).toMatch(/tty\s+Terminal/);
});

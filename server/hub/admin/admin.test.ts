/**
 * The admin subcommands run in-process (runAdmin, the same function the CLI
 * calls) against the data folder of a REAL hub that keeps running: accounts
 * and keys they make must work through that hub's HTTP API at once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub } from '../index';
import { alarmBody, connectConsole, login, postAlarm, silent, TEST_DIRECTORY, type Fixture } from '../test-helpers';
import { runAdmin } from './run';

let f: Fixture;
beforeEach(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'veille-admin-'));
  // Not demo: the only accounts and keys are the ones these commands make.
  const hub = await startHub({ dataDir, port: 0, directory: TEST_DIRECTORY, logger: silent });
  f = {
    dataDir,
    hub,
    key: '',
    sockets: [],
    async cleanup() {
      for (const s of f.sockets) s.disconnect();
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
afterEach(async () => {
  await f.cleanup();
});

async function admin(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({ write: (chunk: Buffer | string, _enc, done) => (append(chunk.toString()), done()) });
  const code = await runAdmin([...args, '--data-dir', f.dataDir], {
    stdin: Readable.from(stdin ? [stdin] : []),
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
  });
  return { code, out, err };
}

const loginStatus = (username: string, password: string) =>
  fetch(`${f.hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  }).then((r) => r.status);

describe('user commands', () => {
  it('creates an account that logs in through the running hub with its role and name', async () => {
    const r = await admin(['user', 'add', 'camille', '--name', 'Camille Morvan', '--role', 'supervisor'], 'correct-horse-1\nignored line\n');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/User "camille" \(Camille Morvan, supervisor\) created/);
    const session = await login(f.hub.url, 'camille', 'correct-horse-1');
    expect(session.operator).toMatchObject({ username: 'camille', displayName: 'Camille Morvan', role: 'supervisor' });
    // Only the first line is the password.
    expect(await loginStatus('camille', 'correct-horse-1\nignored line')).toBe(401);
  });

  it('defaults to the operator role and accepts a password with CRLF or no newline', async () => {
    expect((await admin(['user', 'add', 'yanis', '--name', 'Yanis Le Goff'], 'windows-line-1\r\n')).code).toBe(0);
    expect((await login(f.hub.url, 'yanis', 'windows-line-1')).operator.role).toBe('operator');
    expect((await admin(['user', 'add', 'marc', '--name', 'Marc'], 'no-newline-at-all')).code).toBe(0);
    expect(await loginStatus('marc', 'no-newline-at-all')).toBe(200);
  });

  it('refuses a short password, an empty stdin and a duplicate username, changing nothing', async () => {
    const short = await admin(['user', 'add', 'helene', '--name', 'Hélène'], '123456789\n');
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/at least 10 characters/);
    expect(await loginStatus('helene', '123456789')).toBe(401);

    const empty = await admin(['user', 'add', 'helene', '--name', 'Hélène'], '');
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/No password on standard input/);

    expect((await admin(['user', 'add', 'helene', '--name', 'Hélène'], 'first-password\n')).code).toBe(0);
    const dup = await admin(['user', 'add', 'helene', '--name', 'Autre'], 'second-password\n');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/User "helene" already exists/);
    expect(await loginStatus('helene', 'first-password')).toBe(200);
    expect(await loginStatus('helene', 'second-password')).toBe(401);
  });

  it('changes a password: the old one stops working, the new one logs in', async () => {
    await admin(['user', 'add', 'camille', '--name', 'Camille'], 'old-password-1\n');
    expect((await admin(['user', 'passwd', 'camille'], 'short\n')).code).toBe(1);
    expect(await loginStatus('camille', 'old-password-1')).toBe(200);
    const r = await admin(['user', 'passwd', 'camille'], 'new-password-2\n');
    expect(r.code).toBe(0);
    expect(await loginStatus('camille', 'old-password-1')).toBe(401);
    expect(await loginStatus('camille', 'new-password-2')).toBe(200);
    expect((await admin(['user', 'passwd', 'ghost'], 'whatever-long\n')).code).toBe(1);
  });

  it('lists username, name and role, never a hash, and logs no password', async () => {
    await admin(['user', 'add', 'camille', '--name', 'Camille Morvan', '--role', 'trainer'], 'listed-secret-1\n');
    await admin(['user', 'add', 'root2', '--name', 'Admin Deux', '--role', 'admin'], 'listed-secret-2\n');
    const r = await admin(['user', 'list']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^USERNAME\s+DISPLAY NAME\s+ROLE$/);
    expect(r.out).toMatch(/camille\s+Camille Morvan\s+trainer/);
    expect(r.out).toMatch(/root2\s+Admin Deux\s+admin/);
    expect(r.out).not.toMatch(/argon2|listed-secret/);
    expect(readFileSync(join(f.dataDir, 'hub.log'), 'utf8')).not.toMatch(/listed-secret|argon2/);
  });

  it('removes an account, but not while it holds a claimed case', async () => {
    await admin(['user', 'add', 'camille', '--name', 'Camille'], 'remove-me-please\n');
    const { token } = await login(f.hub.url, 'camille', 'remove-me-please');
    const con = await connectConsole(f, token);
    await con.snapshot;
    const { key } = await f.hub.createGateway('gw');
    expect((await postAlarm(f.hub.url, key, alarmBody())).status).toBe(202);
    const open = await con.waitFor((c) => c.status === 'open');
    expect(await con.command({ type: 'claim', caseId: open.id })).toMatchObject({ ok: true });

    const held = await admin(['user', 'remove', 'camille']);
    expect(held.code).toBe(1);
    expect(held.err).toMatch(/holds 1 claimed case/);
    expect(await loginStatus('camille', 'remove-me-please')).toBe(200);

    expect(await con.command({ type: 'release', caseId: open.id })).toMatchObject({ ok: true });
    expect((await admin(['user', 'remove', 'camille'])).code).toBe(0);
    expect(await loginStatus('camille', 'remove-me-please')).toBe(401);
    const again = await admin(['user', 'remove', 'camille']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/No user "camille"/);
  });
});

describe('gateway commands', () => {
  it('prints a key the running hub accepts; a second add rotates it and the old key gets 401', async () => {
    const first = await admin(['gateway', 'add', 'passerelle-1']);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/will NOT be shown again/);
    const key1 = first.out.trim();
    expect(key1).toMatch(/^[0-9A-Z]{26}\.[\w-]{43}$/);
    expect((await postAlarm(f.hub.url, key1, alarmBody())).status).toBe(202);

    const second = await admin(['gateway', 'add', 'passerelle-1']);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(/key is rotated, the previous key is refused/);
    const key2 = second.out.trim();
    expect(key2.split('.')[0]).toBe(key1.split('.')[0]);
    expect((await postAlarm(f.hub.url, key1, alarmBody())).status).toBe(401);
    expect((await postAlarm(f.hub.url, key2, alarmBody())).status).toBe(202);
  });

  it('lists id, name and creation time without keys, and a removed gateway is refused', async () => {
    const key = (await admin(['gateway', 'add', 'gw-a'])).out.trim();
    await admin(['gateway', 'add', 'gw-b']);
    const list = await admin(['gateway', 'list']);
    expect(list.code).toBe(0);
    const [id, secret] = key.split('.') as [string, string];
    expect(list.out).toMatch(new RegExp(`^${id}\\s+gw-a\\s+\\d{4}-\\d\\d-\\d\\dT`, 'm'));
    expect(list.out).toMatch(/gw-b/);
    expect(list.out).not.toContain(secret);
    expect(list.out).not.toMatch(/[0-9a-f]{64}/);
    expect(readFileSync(join(f.dataDir, 'hub.log'), 'utf8')).not.toContain(secret);

    expect((await admin(['gateway', 'remove', 'gw-a'])).code).toBe(0);
    expect((await postAlarm(f.hub.url, key, alarmBody())).status).toBe(401);
    expect((await admin(['gateway', 'list'])).out).not.toMatch(/gw-a/);
    expect((await admin(['gateway', 'remove', 'gw-a'])).code).toBe(1);
  });
});

describe('usage errors', () => {
  it.each([
    [['user']],
    [['user', 'frob']],
    [['user', 'add']],
    [['user', 'add', 'x']],
    [['user', 'add', 'x', 'y', '--name', 'X']],
    [['user', 'add', 'x', '--name', 'X', '--role', 'chef']],
    [['user', 'add', 'has space', '--name', 'X']],
    [['user', 'list', '--role', 'admin']],
    [['gateway', 'add']],
    [['gateway', 'list', '--bogus']],
  ])('%j exits 2 with the usage and changes nothing', async (args) => {
    const r = await admin(args, 'long-enough-password\n');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/npm run hub -- user add <username>/);
    expect((await admin(['user', 'list'])).err).toMatch(/No users/);
  });
});

/** session.login on a console where a session is open, against a REAL hub: nothing changes. */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SessionState } from '@shared/contract';
import { setPassword } from '../../server/hub/admin/users-admin';
import { openDatabase } from '../../server/hub/db/database';
import { call, silent, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub;
let c: Console;

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
  c = startConsole(join(tmp.dir, 'console'), hub.url);
  const res = await call(c.host, 'session.login', { username: 'operateur1', password: 'veille-demo' });
  expect(res.ok).toBe(true);
});
afterEach(async () => {
  await c.close();
  await hub.close();
  tmp.remove();
});

const refusal = (res: Awaited<ReturnType<typeof call>>) => (res.ok ? null : res.error);

function unchanged(operatorId: string, journalLength: number, eventsBefore: number): void {
  expect(c.services.link.operator?.id).toBe(operatorId);
  expect(c.services.link.isConnected()).toBe(true);
  expect(c.services.journal.list({ limit: 50 })).toHaveLength(journalLength);
  expect(c.events.slice(eventsBefore).filter((e) => e.event === 'session.changed')).toEqual([]);
}

it('a wrong password on an open session is refused and leaves the operator logged in, linked to the hub', async () => {
  const op = c.services.link.operator!;
  const [journalLength, eventsBefore] = [c.services.journal.list({ limit: 50 }).length, c.events.length];
  const res = await call(c.host, 'session.login', { username: 'operateur1', password: 'wrong' });
  expect(refusal(res)).toEqual({ code: 'forbidden', message: `Une session est déjà ouverte (${op.displayName}) : déconnectez-vous d’abord.` });
  unchanged(op.id, journalLength, eventsBefore);
  // The session still works: the hub still answers this operator's commands.
  await hub.raiseAlarm();
  const list = await call(c.host, 'cases.list', {});
  expect(list.ok).toBe(true);
});

it("a correct login as someone else does not replace the open session", async () => {
  const op = c.services.link.operator!;
  const [journalLength, eventsBefore] = [c.services.journal.list({ limit: 50 }).length, c.events.length];
  const res = await call(c.host, 'session.login', { username: 'operateur2', password: 'veille-demo' });
  expect(refusal(res)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Une session est déjà ouverte (') });
  unchanged(op.id, journalLength, eventsBefore);
  const session = await call(c.host, 'session.get', {});
  expect(session.ok && session.result).toMatchObject({ operator: { username: 'operateur1' }, hub: { connected: true } });
  // After a logout, the colleague may log in.
  expect((await call(c.host, 'session.logout', {})).ok).toBe(true);
  const next = await call(c.host, 'session.login', { username: 'operateur2', password: 'veille-demo' });
  expect(next.ok && next.result).toMatchObject({ operator: { username: 'operateur2' } });
});

it('names the hub address and the cause when the hub cannot be reached at login', async () => {
  await call(c.host, 'session.logout', {});
  // A port that was just free: nothing listens there.
  const free = createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as { port: number }).port;
  await new Promise((r) => free.close(r));
  const other = startConsole(join(tmp.dir, 'console-2'), `http://127.0.0.1:${port}`);
  try {
    const res = await call(other.host, 'session.login', { username: 'operateur1', password: 'veille-demo' });
    expect(refusal(res)).toMatchObject({ code: 'hub-unreachable' });
    expect(refusal(res)?.message).toMatch(new RegExp(`^Hub injoignable \\(http://127\\.0\\.0\\.1:${port}\\) : connexion refusée`));
  } finally {
    await other.close();
  }
});

it('two logins at the same moment: one wins, the other is refused, never a mix of both', async () => {
  await call(c.host, 'session.logout', {});
  const [a, b] = await Promise.all([
    call(c.host, 'session.login', { username: 'operateur1', password: 'veille-demo' }),
    call(c.host, 'session.login', { username: 'operateur2', password: 'veille-demo' }),
  ]);
  expect([a.ok, b.ok]).toEqual([true, false]);
  expect(refusal(b)).toMatchObject({ code: 'forbidden' });
  expect(c.services.link.operator?.username).toBe('operateur1');
  expect(c.services.journal.list({ limit: 1 })[0]).toMatchObject({ type: 'session.login', payload: { username: 'operateur1' } });
});

it('the hub ends the session (password changed by the administrator): journaled for the operator, the UI is sent back to login with why', async () => {
  const op = c.services.link.operator!;
  const before = c.events.length;
  // What `user passwd` does, from another connection to the hub's database file.
  const db = await openDatabase(join(hub.dataDir, 'hub.sqlite'), silent);
  try {
    await setPassword(db, 'operateur1', 'un-nouveau-mot-de-passe');
  } finally {
    await db.destroy();
  }
  const changed = await waitFor('session.changed', () =>
    c.events.slice(before).find((e) => e.event === 'session.changed' && (e.payload as SessionState).operator === null),
  );
  const state = changed.payload as SessionState;
  expect(state.ended).toMatchObject({ reason: 'password-changed' });
  expect(state.hub.lastError).toBe('Session terminée : votre mot de passe a été changé. Reconnectez-vous.');
  expect(c.services.journal.list({ limit: 1 })[0]).toMatchObject({ type: 'session.ended', operatorId: op.id, payload: { reason: 'password-changed' } });
  expect(c.violations).toEqual([]);
  // The cases need a login again; the old password no longer opens one, the new one does and clears the notice.
  expect(refusal(await call(c.host, 'cases.list', {}))).toMatchObject({ code: 'not-logged-in' });
  expect(refusal(await call(c.host, 'session.login', { username: 'operateur1', password: 'veille-demo' }))).toMatchObject({ code: 'bad-credentials' });
  const again = await call(c.host, 'session.login', { username: 'operateur1', password: 'un-nouveau-mot-de-passe' });
  expect(again.ok && again.result).toMatchObject({ operator: { username: 'operateur1' }, ended: null });
});

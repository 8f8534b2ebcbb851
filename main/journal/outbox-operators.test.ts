/**
 * One console, two operators, a REAL hub that goes down and comes back: each
 * operator's journal events reach the hub only under that operator's own
 * session, and the events of an operator who left wait for their next login.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JournalEvent } from '@shared/domain/journal';
import { call, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null;
let c: Console;
/** Every journal batch the console put on the wire, with the session it went under. */
let sent: { session: string; events: JournalEvent[] }[];

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
  c = startConsole(join(tmp.dir, 'console'), hub.url);
  sent = [];
  const link = c.services.link;
  const command = link.command.bind(link);
  // Observes what the outbox sender sends through the real link (the command still goes to the hub).
  link.command = (cmd) => {
    if (cmd.type === 'journal') sent.push({ session: link.operator?.id ?? '(none)', events: cmd.events });
    return command(cmd);
  };
});
afterEach(async () => {
  await c.close();
  await hub?.close();
  tmp.remove();
});

/** The hub's journal rows: who the event is by, and whose session delivered it. */
function hubRows(dataDir: string): { id: string; operator_id: string; received_from: string }[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { id: string; operator_id: string; received_from: string }>('SELECT id, operator_id, received_from FROM journal').all();
  } finally {
    db.close();
  }
}

async function login(username: string): Promise<string> {
  const res = await call(c.host, 'session.login', { username, password: 'veille-demo' });
  if (!res.ok) throw new Error(`login ${username}: ${JSON.stringify(res.error)}`);
  return c.services.link.operator!.id;
}

it("sends only the logged-in operator's events; a colleague's wait for their next login, then go once", async () => {
  const journal = c.services.journal;
  const op1 = await login('operateur1');
  await hub!.raiseAlarm();
  const k = await waitFor('a case', () => c.services.link.cases().find((x) => x.status === 'open'));
  expect((await call(c.host, 'cases.claim', { caseId: k.id })).ok).toBe(true);
  await waitFor('claim delivered', () => journal.outbox.count() === 0);

  // The hub goes down; operateur1 closes the case anyway (the local write is the commit), then leaves.
  const { dataDir, port } = hub!;
  await hub!.close();
  hub = null;
  await waitFor('link down', () => !c.services.link.isConnected());
  const closing = await call(c.host, 'cases.close', { caseId: k.id, closureCode: 'false-alarm-handling-error' });
  expect(!closing.ok && closing.error).toMatchObject({ code: 'hub-unreachable', details: { journaled: true } });
  const t0 = Date.now();
  expect((await call(c.host, 'session.logout', {})).ok).toBe(true);
  expect(Date.now() - t0).toBeLessThan(2500);
  const op1Waiting = journal.outbox.pending(100).map((e) => e.id);
  expect(journal.outbox.pending(100).map((e) => [e.type, e.operatorId])).toEqual([
    ['case.closed', op1],
    ['session.logout', op1],
  ]);

  // operateur2 logs in with the hub back: only their own events leave.
  hub = await startTestHub(dataDir, port);
  const op2 = await login('operateur2');
  await waitFor("operateur2's login event delivered", () => journal.outbox.pendingCount(op2) === 0);
  await new Promise((r) => setTimeout(r, 300)); // room for a wrong send to happen
  expect(journal.outbox.pending(100).map((e) => e.id)).toEqual(op1Waiting);
  // The status counts everything not yet at the hub, the colleague's events included.
  const status = await call(c.host, 'journal.outbox', {});
  expect(status.ok && status.result).toMatchObject({ pending: 2 });
  // Logging out does not wait on events it may not send.
  const t1 = Date.now();
  expect((await call(c.host, 'session.logout', {})).ok).toBe(true);
  expect(Date.now() - t1).toBeLessThan(1500);
  await hub.close();
  hub = null;
  const meanwhile = hubRows(dataDir);
  expect(meanwhile.filter((r) => op1Waiting.includes(r.id))).toEqual([]);

  // operateur1 is back on this console: their events drain, once.
  hub = await startTestHub(dataDir, port);
  expect(await login('operateur1')).toBe(op1);
  await waitFor('everything delivered', () => journal.outbox.count() === 0, 10_000);
  await hub.close();
  hub = null;
  const rows = hubRows(dataDir);
  for (const id of op1Waiting) expect(rows.filter((r) => r.id === id), id).toHaveLength(1);
  // Every event was delivered under its own author's session, on the wire and at the hub.
  for (const batch of sent) for (const e of batch.events) expect(e.operatorId).toBe(batch.session);
  for (const r of rows) expect(r.received_from).toBe(r.operator_id);
  const sentIds = sent.flatMap((b) => b.events.map((e) => e.id));
  for (const id of op1Waiting) expect(sentIds.filter((x) => x === id), id).toHaveLength(1);
  expect(journal.verifyChain()).toBeNull();
}, 30_000);

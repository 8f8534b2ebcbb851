/**
 * One console, several operators, a REAL hub that goes down and comes back: the console's
 * journal reaches the hub under the console's own key, whoever is logged in, or nobody;
 * and events the hub cannot take are refused one by one, kept, never resent.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GENESIS_HASH } from '@shared/domain/journal';
import { call, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';
import { chainHash, payloadHash, sha256 } from './hash';
import type { Journal } from './journal';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null;
let c: Console;
/** Every journal body the console put on the wire, with who was logged in then. */
let sent: { session: string; ids: string[] }[];

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
  c = startConsole(join(tmp.dir, 'console'), hub.url);
  sent = [];
  const { uplink, link } = c.services;
  const send = uplink.send.bind(uplink);
  // Observes what the outbox sender sends through the real uplink (it still goes to the hub).
  uplink.send = (body, ids) => {
    sent.push({ session: link.operator?.id ?? '(nobody)', ids: [...ids] });
    return send(body, ids);
  };
});
afterEach(async () => {
  await c.close();
  await hub?.close();
  tmp.remove();
});

function hubRows(dataDir: string): { id: string; type: string; operator_id: string; received_from: string }[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { id: string; type: string; operator_id: string; received_from: string }>('SELECT id, type, operator_id, received_from FROM journal').all();
  } finally {
    db.close();
  }
}

async function login(username: string): Promise<string> {
  const res = await call(c.host, 'session.login', { username, password: 'veille-demo' });
  if (!res.ok) throw new Error(`login ${username}: ${JSON.stringify(res.error)}`);
  return c.services.link.operator!.id;
}

it('the events of an operator who logged out reach the hub while nobody, or a colleague, is logged in', async () => {
  const journal = c.services.journal;
  const op1 = await login('operateur1');
  await hub!.raiseAlarm();
  const k = await waitFor('a case', () => c.services.link.cases().find((x) => x.status === 'open'));
  expect((await call(c.host, 'cases.claim', { caseId: k.id })).ok).toBe(true);
  await waitFor('claim delivered', () => journal.outbox.count() === 0);

  // The hub goes down; operateur1 goes on working (the local write is the commit), then leaves.
  const { dataDir, port } = hub!;
  await hub!.close();
  hub = null;
  await waitFor('link down', () => !c.services.link.isConnected());
  expect((await call(c.host, 'cases.close', { caseId: k.id, closureCode: 'false-alarm-handling-error' })).ok).toBe(true);
  expect((await call(c.host, 'session.logout', {})).ok).toBe(true);
  const waiting = journal.outbox.pending(100).map((e) => e.id);
  expect(journal.outbox.pending(100).map((e) => e.operatorId)).toEqual(waiting.map(() => op1));
  expect(waiting.length).toBeGreaterThanOrEqual(2);

  // The hub is back and nobody logs in: the console's own key carries operateur1's events.
  hub = await startTestHub(dataDir, port);
  await waitFor('delivered with nobody logged in', () => journal.outbox.count() === 0, 10_000);
  expect(sent.filter((b) => b.ids.some((id) => waiting.includes(id))).map((b) => b.session)).toContain('(nobody)');

  // A colleague logs in: their events go the same way, and operateur1's are not sent again.
  const before = sent.length;
  const op2 = await login('operateur2');
  await waitFor("operateur2's login delivered", () => journal.outbox.count() === 0);
  const rows = hubRows(dataDir);
  for (const e of journal.list({ limit: 100 })) expect(rows.filter((r) => r.id === e.id), e.id).toHaveLength(1);
  expect(new Set(rows.map((r) => r.received_from))).toEqual(new Set([`console:${journal.consoleId}`]));
  expect(rows.some((r) => r.operator_id === op2 && r.type === 'session.login')).toBe(true);
  expect(sent.slice(before).flatMap((b) => b.ids).filter((id) => waiting.includes(id))).toEqual([]);
  expect(journal.verifyChain()).toBeNull();
}, 30_000);

/** Writes a row as an older or damaged console might have: past append's checks, chained correctly. */
function injectRow(journal: Journal, operatorId: string, payloadText: string, digest: string): string {
  const prevHash = journal.db.prepare<[], { hash: string }>('SELECT hash FROM events ORDER BY seq DESC LIMIT 1').get()?.hash ?? GENESIS_HASH;
  const base = { id: ulid(), at: new Date().toISOString(), operatorId, caseId: null, type: 'case.claimed', payloadHash: digest, consoleId: journal.consoleId };
  const info = journal.db
    .prepare('INSERT INTO events (id, at, operator_id, case_id, type, payload, payload_hash, console_id, prev_hash, hash) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)')
    .run(base.id, base.at, operatorId, base.type, payloadText, digest, journal.consoleId, prevHash, chainHash(prevHash, base));
  journal.db.prepare('INSERT INTO outbox (event_id, seq) VALUES (?, ?)').run(base.id, info.lastInsertRowid);
  return base.id;
}

it('a batch holding an oversized, a 100 000-level and an unreadable event among valid and unknown-type ones: each answered alone, the bad ones kept and never resent', async () => {
  const journal = c.services.journal;
  const op = await login('operateur1');
  await waitFor('login delivered', () => journal.outbox.count() === 0);
  const bigPayload = { note: 'x'.repeat(10_000) };
  const deepText = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  // One transaction: the sender hears of it once committed, and sends it as one batch.
  const [valid1, big, deep, newer, garbled, valid2] = journal.transaction(() => [
    journal.append({ operatorId: op, caseId: null, type: 'case.claimed', payload: { n: 1 } }).id,
    injectRow(journal, op, JSON.stringify(bigPayload), payloadHash(bigPayload)),
    injectRow(journal, op, deepText, sha256(deepText)),
    journal.append({ operatorId: op, caseId: null, type: 'voice.listen-started', payload: { beaconId: 'B-1' } }).id,
    injectRow(journal, op, '{"cut in the mid', sha256('x')),
    journal.append({ operatorId: op, caseId: null, type: 'case.released', payload: { n: 2 } }).id,
  ]);
  await waitFor('answered', () => journal.outbox.pendingCount() === 0);

  expect(journal.outbox.rejectedCount()).toBe(3);
  const reasons = journal.db.prepare<[], { event_id: string; rejected_reason: string }>('SELECT event_id, rejected_reason FROM outbox ORDER BY seq').all();
  expect(reasons).toEqual([
    { event_id: big, rejected_reason: expect.stringContaining('too-large') },
    { event_id: deep, rejected_reason: expect.stringContaining('too-deep') },
    { event_id: garbled, rejected_reason: expect.stringContaining('not JSON') },
  ]);
  const stored = hubRows(hub!.dataDir);
  expect(stored.filter((r) => [valid1, newer, valid2].includes(r.id)).map((r) => r.type).sort()).toEqual(['case.claimed', 'case.released', 'voice.listen-started']);
  for (const id of [big, deep, garbled]) expect(stored.map((r) => r.id)).not.toContain(id);
  // The unreadable row never went on the wire; the two the hub refused went once, with the valid ones.
  const wire = sent.flatMap((b) => b.ids);
  expect(wire).not.toContain(garbled);
  expect(sent.find((b) => b.ids.includes(deep))?.ids).toEqual([valid1, big, deep, newer, valid2]);

  // Nothing is retried: another round sends nothing, and the status counts them as refused.
  c.services.outbox.trigger();
  await c.services.outbox.flush(500);
  expect(sent.flatMap((b) => b.ids)).toEqual(wire);
  const status = await call(c.host, 'journal.outbox', {});
  expect(status.ok && status.result).toMatchObject({ pending: 0, refused: 3 });
}, 30_000);

/** Hub link and outbox against a REAL hub (server/hub) on 127.0.0.1, restarted on the same data dir and port. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import { openJournal } from '../journal/journal';
import { loginOverHttp } from './login';
import { call, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null;
const consoles: Console[] = [];

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
});
afterEach(async () => {
  for (const c of consoles.splice(0)) await c.close();
  await hub?.close();
  tmp.remove();
});

function consoleAt(name: string): Console {
  const c = startConsole(join(tmp.dir, name), hub!.url);
  consoles.push(c);
  return c;
}

async function loggedIn(name: string, username = 'operateur1'): Promise<Console> {
  const c = consoleAt(name);
  const res = await call(c.host, 'session.login', { username, password: 'veille-demo' });
  expect(res.ok).toBe(true);
  return c;
}

function ok<T = unknown>(res: Awaited<ReturnType<typeof call>>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.result as T;
}
/** The case of a command the hub applied within the request (cases.claim / release / close). */
function applied(res: Awaited<ReturnType<typeof call>>): Case {
  const r = ok<{ state: string; case?: Case }>(res);
  if (r.state !== 'applied' || !r.case) throw new Error(`expected an applied command, got ${JSON.stringify(r)}`);
  return r.case;
}
function err(res: Awaited<ReturnType<typeof call>>) {
  if (res.ok) throw new Error('expected an error');
  return res.error;
}

/** The hub's stored journal ids, read from its SQLite file once it is stopped. */
function hubJournalIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { id: string }>('SELECT id FROM journal').all().map((r) => r.id);
  } finally {
    db.close();
  }
}

/** The hub's id for a demo account, as a previous session on a console journaled it. */
async function operatorIdOf(username: string): Promise<string> {
  return (await loginOverHttp(hub!.url, username, 'veille-demo', 5000)).operator.id;
}

async function newCase(c: Console): Promise<Case> {
  const before = new Set(c.services.link.cases().map((x) => x.id));
  await hub!.raiseAlarm();
  return waitFor('the new case', () => c.services.link.cases().find((x) => !before.has(x.id) && x.status === 'open'));
}

describe('hub link (real hub)', () => {
  it('gets the snapshot at login and live deltas after', async () => {
    await hub!.raiseAlarm();
    const c = await loggedIn('a');
    const listed = ok<Case[]>(await call(c.host, 'cases.list', {}));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'open', kind: 'ppms.intrusion', siteName: 'École Jean Jaurès' });
    const fresh = await newCase(c);
    expect(c.events.some((e) => e.event === 'cases.changed' && (e.payload as { case: Case }).case.id === fresh.id)).toBe(true);
    expect(ok<Case[]>(await call(c.host, 'cases.list', {}))).toHaveLength(2);
    expect(c.violations).toEqual([]);
  });

  it('claim: the hub decides, the journal records it, the outbox delivers it to the hub', async () => {
    const c = await loggedIn('a');
    const k = await newCase(c);
    const claimed = applied(await call(c.host, 'cases.claim', { caseId: k.id }));
    expect(claimed).toMatchObject({ id: k.id, status: 'claimed', owner: { displayName: expect.any(String) } });
    const journal = c.services.journal;
    expect(journal.list({ caseId: k.id, limit: 10 })).toMatchObject([
      { type: 'case.claimed', caseId: k.id },
      { type: 'case.claim-requested', caseId: k.id },
    ]);
    await waitFor('outbox drained', () => journal.outbox.count() === 0);
    expect(ok(await call(c.host, 'journal.outbox', {}))).toMatchObject({ pending: 0, lastSentAt: expect.any(String) });
    const ids = journal.list({ limit: 100 }).map((e) => e.id);
    await hub!.close();
    expect(hubJournalIds(hub!.dataDir).sort()).toEqual([...ids].sort());
    hub = null;
  });

  it('a second console is refused with the owner, and the refusal is journaled', async () => {
    const a = await loggedIn('a', 'operateur1');
    const b = await loggedIn('b', 'operateur2');
    const k = await newCase(a);
    await waitFor('case at b', () => b.services.link.getCase(k.id));
    applied(await call(a.host, 'cases.claim', { caseId: k.id }));
    const e = err(await call(b.host, 'cases.claim', { caseId: k.id }));
    expect(e.code).toBe('already-claimed');
    expect(e.details?.owner).toMatchObject({ operatorId: a.services.link.operator!.id });
    expect(b.services.journal.list({ caseId: k.id, limit: 5 })).toMatchObject([
      { type: 'case.claim-refused', payload: { owner: { operatorId: a.services.link.operator!.id } } },
      { type: 'case.claim-requested' },
    ]);
    // b's queue shows a's claim without asking.
    await waitFor('delta at b', () => b.services.link.getCase(k.id)?.status === 'claimed');
    // Release and close by the owner; a closes with a note.
    applied(await call(a.host, 'cases.release', { caseId: k.id }));
    await waitFor('release at b', () => b.services.link.getCase(k.id)?.status === 'open');
    applied(await call(b.host, 'cases.claim', { caseId: k.id }));
    const closed = applied(await call(b.host, 'cases.close', { caseId: k.id, closureCode: 'false-alarm-handling-error', note: 'Appui involontaire' }));
    expect(closed).toMatchObject({ status: 'closed', closureCode: 'false-alarm-handling-error', closureNote: 'Appui involontaire' });
    await waitFor('closed case leaves a queue', () => !a.services.link.getCase(k.id));
    expect(ok<Case[]>(await call(a.host, 'cases.list', {})).find((x) => x.id === k.id)).toBeUndefined();
    expect(err(await call(a.host, 'cases.close', { caseId: k.id, closureCode: 'drill' })).code).toBe('already-closed');
    // Closures the hub would refuse are refused before anything is journaled.
    const k2 = await newCase(a);
    await waitFor('k2 at b', () => b.services.link.getCase(k2.id));
    expect(err(await call(a.host, 'cases.close', { caseId: k2.id, closureCode: 'drill' })).code).toBe('not-owner');
    applied(await call(a.host, 'cases.claim', { caseId: k2.id }));
    await waitFor('k2 claimed at b', () => b.services.link.getCase(k2.id)?.owner);
    expect(err(await call(b.host, 'cases.close', { caseId: k2.id, closureCode: 'drill' })).code).toBe('not-owner');
    expect(err(await call(b.host, 'cases.close', { caseId: 'no-such-case', closureCode: 'drill' })).code).toBe('not-found');
    expect(a.services.journal.list({ caseId: k.id, limit: 10 }).filter((e) => e.type === 'case.closed')).toEqual([]);
    expect(b.services.journal.list({ limit: 50 }).filter((e) => e.type === 'case.closed').map((e) => e.caseId)).toEqual([k.id]);
  });

  it('hub down: a claim fails fast, a closure is queued; hub back on the same port: the closure is applied and the outbox drains once', async () => {
    const c = await loggedIn('a');
    const k = await newCase(c);
    applied(await call(c.host, 'cases.claim', { caseId: k.id }));
    await waitFor('outbox drained', () => c.services.journal.outbox.count() === 0);
    const { dataDir, port } = hub!;

    await hub!.close();
    hub = null;
    await waitFor('link down', () => !c.services.link.isConnected());
    expect(c.events.some((e) => e.event === 'hub.status' && (e.payload as { connected: boolean }).connected === false)).toBe(true);

    let t0 = Date.now();
    expect(err(await call(c.host, 'cases.claim', { caseId: 'another' })).code).toBe('hub-unreachable');
    expect(Date.now() - t0).toBeLessThan(200);
    t0 = Date.now();
    const queued = ok(await call(c.host, 'cases.close', { caseId: k.id, closureCode: 'real-alarm-resolved-on-site', note: 'Fausse manip' }));
    expect(Date.now() - t0).toBeLessThan(200);
    expect(queued).toMatchObject({ state: 'queued', commandId: expect.any(String) });
    expect(c.services.journal.list({ caseId: k.id, limit: 1 })[0]).toMatchObject({
      type: 'case.close-requested',
      payload: { closureCode: 'real-alarm-resolved-on-site', note: 'Fausse manip' },
    });
    expect(c.services.journal.outbox.count()).toBe(1);

    hub = await startTestHub(dataDir, port);
    await waitFor('link back', () => c.services.link.isConnected(), 10_000);
    // The queued closure goes by itself; the case was still claimed by us on the hub.
    await waitFor('closure applied', () => c.services.commands.list()[0]?.state === 'applied', 10_000);
    expect(c.services.link.getCase(k.id)).toBeUndefined();
    expect(c.services.journal.list({ caseId: k.id, limit: 1 })[0]).toMatchObject({ type: 'case.closed', payload: { note: 'Fausse manip' } });
    await waitFor('outbox drained after restart', () => c.services.journal.outbox.count() === 0, 10_000);

    const local = c.services.journal.list({ limit: 100 }).map((x) => x.id);
    expect(c.services.journal.verifyChain()).toBeNull();
    await hub.close();
    const stored = hubJournalIds(dataDir);
    hub = null;
    expect(new Set(stored).size).toBe(stored.length);
    expect([...stored].sort()).toEqual([...local].sort());
  });

  it('a console restarted with undelivered events sends them at its next login', async () => {
    const dir = join(tmp.dir, 'a');
    const j = openJournal(join(dir, 'journal.sqlite'));
    const offline = j.append({ operatorId: await operatorIdOf('operateur1'), caseId: null, type: 'session.logout', payload: { reason: 'shutdown' } });
    j.close();
    const c = consoleAt('a');
    expect(c.services.journal.outbox.count()).toBe(1);
    ok(await call(c.host, 'session.login', { username: 'operateur1', password: 'veille-demo' }));
    await waitFor('outbox drained', () => c.services.journal.outbox.count() === 0);
    // Resending a delivered batch (a lost answer) is answered as a duplicate and stores nothing twice.
    const events = c.services.journal.list({ limit: 10 });
    const again = await c.services.uplink.send(JSON.stringify({ events }), events.map((e) => e.id));
    expect(again.results.find((r) => r.id === offline.id)).toMatchObject({ status: 'duplicate' });
    await hub!.close();
    const stored = hubJournalIds(hub!.dataDir);
    hub = null;
    expect(stored.filter((id) => id === offline.id)).toHaveLength(1);
    expect(stored).toHaveLength(2);
  });

  it('an event the hub refuses (tampered) is kept, marked, and not resent forever', async () => {
    const dir = join(tmp.dir, 'a');
    const j = openJournal(join(dir, 'journal.sqlite'));
    const bad = j.append({ operatorId: await operatorIdOf('operateur1'), caseId: null, type: 'session.logout', payload: { reason: 'shutdown' } });
    j.close();
    const raw = new Database(join(dir, 'journal.sqlite'));
    raw.prepare('UPDATE events SET payload = ? WHERE id = ?').run(JSON.stringify({ reason: 'edited' }), bad.id);
    raw.close();
    const c = await loggedIn('a');
    const journal = c.services.journal;
    await waitFor('rejection recorded', () => journal.outbox.rejectedCount() === 1);
    await waitFor('login event delivered', () => journal.outbox.count() === 1);
    expect(journal.outbox.pending(10)).toEqual([]);
    expect(journal.verifyChain()).toBe(bad.id);
    expect(ok(await call(c.host, 'journal.outbox', {}))).toMatchObject({ pending: 0, refused: 1 });
  });

  it('renews its access token by itself when the restarted hub refuses it (new signing secret), without the password', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const c = startConsole(join(tmp.dir, 'a'), hub!.url, { logger });
    consoles.push(c);
    ok(await call(c.host, 'session.login', { username: 'operateur1', password: 'veille-demo' }));
    const { dataDir, port } = hub!;
    await hub!.close();
    // A new signing secret: every token issued before is now invalid.
    rmSync(join(dataDir, 'hub-secret.key'));
    hub = await startTestHub(dataDir, port);
    await waitFor('link back with a new token', () => c.services.link.isConnected(), 10_000);
    const k = await newCase(c);
    expect(applied(await call(c.host, 'cases.claim', { caseId: k.id }))).toMatchObject({ status: 'claimed' });
    expect(lines.some((l) => l.includes('hub refused the access token; renewing it'))).toBe(true);
  });
});

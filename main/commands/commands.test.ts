/**
 * The command queue against a REAL hub (server/hub) through a REAL TCP proxy
 * that cuts the console's connection at chosen moments: commands are applied
 * once at the hub and journaled once on the console, whatever is lost on the way.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult, ConsoleCommand } from '@shared/contract/commands';
import type { Case } from '@shared/domain/case';
import type { JournalEvent } from '@shared/domain/journal';
import { call, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.fixture';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null;
let proxy: CuttingProxy;
const consoles: Console[] = [];

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
  proxy = await startCuttingProxy(hub.port);
});
afterEach(async () => {
  for (const c of consoles.splice(0)) await c.close();
  await proxy.close();
  await hub?.close();
  tmp.remove();
});

async function loggedIn(name: string, hubUrl: string, username: string): Promise<Console> {
  const c = startConsole(join(tmp.dir, name), hubUrl);
  consoles.push(c);
  const res = await call(c.host, 'session.login', { username, password: 'veille-demo' });
  if (!res.ok) throw new Error(`login ${username}: ${JSON.stringify(res.error)}`);
  return c;
}

function result(res: Awaited<ReturnType<typeof call>>): CommandResult {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.result as CommandResult;
}
function appliedCase(res: Awaited<ReturnType<typeof call>>): Case {
  const r = result(res);
  if (r.state !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(r)}`);
  return r.case;
}

async function newCase(c: Console): Promise<Case> {
  const before = new Set(c.services.link.cases().map((x) => x.id));
  await hub!.raiseAlarm();
  return waitFor('the new case', () => c.services.link.cases().find((x) => !before.has(x.id) && x.status === 'open'));
}

/** The console's journal events about one command (intent and outcome carry its id). */
function eventsOf(c: Console, commandId: string): JournalEvent[] {
  return c.services.journal
    .list({ limit: 100_000 })
    .filter((e) => e.payload?.commandId === commandId)
    .reverse();
}

function commandOf(c: Console, commandId: string): ConsoleCommand | undefined {
  return c.services.commands.list().find((x) => x.commandId === commandId);
}

/** Reads the hub's SQLite file (WAL: readable while the hub runs). */
function hubDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(join(hub!.dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const hubCase = (id: string) =>
  hubDb((db) => db.prepare<[string], { version: number; status: string; owner_id: string | null; closed_by: string | null; closure_code: string | null }>(
    'SELECT version, status, owner_id, closed_by, closure_code FROM cases WHERE id = ?',
  ).get(id));
const hubCommandRows = (commandId: string) =>
  hubDb((db) => db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM commands WHERE command_id = ?').get(commandId)!.n);

describe('command queue (real hub, real proxy)', () => {
  it('the connection drops after the hub applied a closure and before its answer: applied once, journaled once', async () => {
    const c = await loggedIn('a', proxy.url, 'operateur1');
    const k = await newCase(c);
    const claimed = appliedCase(await call(c.host, 'cases.claim', { caseId: k.id }));

    // The hub's answer to the closure (an ack carrying the closed case) never reaches the console.
    const cut = proxy.cutBefore(/43\/console,\d+\[\{"ok":true,"case":\{.*"status":"closed"/s);
    const answer = result(await call(c.host, 'cases.close', { caseId: k.id, closureCode: 'drill', note: 'Exercice annoncé' }));
    await cut;
    const commandId = answer.state === 'queued' ? answer.commandId : c.services.commands.list()[0]!.commandId;

    // Re-sent with the same id after the reconnect; the hub answers with its stored first answer.
    await waitFor('closure settled', () => commandOf(c, commandId)?.state === 'applied', 10_000);
    expect(hubCase(k.id)).toMatchObject({ status: 'closed', version: claimed.version + 1, closure_code: 'drill' });
    expect(hubCommandRows(commandId)).toBe(1);
    expect(eventsOf(c, commandId).map((e) => [e.type, e.payload?.closureCode, e.payload?.note])).toEqual([
      ['case.close-requested', 'drill', 'Exercice annoncé'],
      ['case.closed', 'drill', 'Exercice annoncé'],
    ]);

    // The same answer arriving once more settles nothing and journals nothing.
    const before = c.services.journal.list({ limit: 100_000 }).length;
    expect(c.services.commands.applied(commandId, null)).toBe(false);
    expect(c.services.commands.refused(commandId, { code: 'already-closed', message: 'Dossier déjà clos' })).toBe(false);
    expect(c.services.journal.list({ limit: 100_000 })).toHaveLength(before);
    expect(commandOf(c, commandId)?.state).toBe('applied');

    // And the hub's copy of the journal holds intent and outcome once each.
    await waitFor('outbox drained', () => c.services.journal.outbox.count() === 0, 10_000);
    const atHub = hubDb((db) =>
      db.prepare<[], { type: string; payload: string | null }>('SELECT type, payload FROM journal').all(),
    ).filter((r) => r.payload !== null && (JSON.parse(r.payload) as { commandId?: string }).commandId === commandId);
    expect(atHub.map((r) => r.type).sort()).toEqual(['case.close-requested', 'case.closed']);
    expect(c.services.journal.verifyChain()).toBeNull();
    expect(c.violations).toEqual([]);
  }, 30_000);

  it('hub stopped: closures and a release on owned cases are queued; hub back: applied, or refused (closed meanwhile by a supervisor) with the reason shown', async () => {
    const a = await loggedIn('a', proxy.url, 'operateur1');
    const [k1, k2, k3] = [await newCase(a), await newCase(a), await newCase(a)];
    for (const k of [k1!, k2!, k3!]) appliedCase(await call(a.host, 'cases.claim', { caseId: k.id }));

    const { dataDir, port } = hub!;
    await hub!.close();
    hub = null;
    await waitFor('link down', () => !a.services.link.isConnected());

    // Nothing waits on the network: each answer comes at once and says "queued".
    const t0 = Date.now();
    const q1 = result(await call(a.host, 'cases.close', { caseId: k1!.id, closureCode: 'false-alarm-handling-error' }));
    const q2 = result(await call(a.host, 'cases.close', { caseId: k2!.id, closureCode: 'drill', note: 'Exercice' }));
    const q3 = result(await call(a.host, 'cases.release', { caseId: k3!.id }));
    expect(Date.now() - t0).toBeLessThan(500);
    for (const q of [q1, q2, q3]) expect(q).toMatchObject({ state: 'queued', commandId: expect.any(String) });
    const ids = [q1, q2, q3].map((q) => (q as { commandId: string }).commandId);
    // A claim cannot be granted offline: refused at once, nothing journaled or queued.
    const journaled = a.services.journal.list({ limit: 100_000 }).length;
    const claim = await call(a.host, 'cases.claim', { caseId: k1!.id });
    expect(!claim.ok && claim.error.code).toBe('hub-unreachable');
    expect(a.services.journal.list({ limit: 100_000 })).toHaveLength(journaled);
    // A second action on a case with one waiting is refused: it would only be refused later.
    const twice = await call(a.host, 'cases.close', { caseId: k1!.id, closureCode: 'drill' });
    expect(!twice.ok && twice.error).toMatchObject({ code: 'invalid-argument', details: { commandId: ids[0] } });
    // The operator goes on working: thousands of journal events while the hub is away.
    const op = a.services.link.operator!;
    for (let i = 0; i < 3000; i++) {
      a.services.journal.append({ operatorId: op.id, caseId: [k1!, k2!, k3!][i % 3]!.id, type: 'case.note-added', payload: { i, operatorName: op.displayName, note: `Appel ${i}` } });
    }
    const listed = await call(a.host, 'commands.list', {});
    // Pending first, oldest first; then the claims settled earlier.
    expect(listed.ok && (listed.result as ConsoleCommand[]).slice(0, 3).map((x) => [x.type, x.caseId, x.state])).toEqual([
      ['close', k1!.id, 'pending'],
      ['close', k2!.id, 'pending'],
      ['release', k3!.id, 'pending'],
    ]);

    // The hub is back, but this console is still cut off: a supervisor closes k2 meanwhile.
    proxy.block();
    hub = await startTestHub(dataDir, port);
    const sup = await loggedIn('sup', hub.url, 'superviseur');
    await waitFor('k2 at the supervisor', () => sup.services.link.getCase(k2!.id));
    appliedCase(await call(sup.host, 'cases.close', { caseId: k2!.id, closureCode: 'technical-handled' }));

    proxy.unblock();
    await waitFor('all three settled', () => ids.every((id) => commandOf(a, id)?.state !== 'pending'), 15_000);
    expect(ids.map((id) => commandOf(a, id)?.state)).toEqual(['applied', 'refused', 'applied']);
    expect(commandOf(a, ids[1]!)?.refusal).toEqual({ code: 'already-closed', message: 'Dossier déjà clos' });
    // The renderer hears of the refusal.
    expect(
      a.events.some((e) => e.event === 'commands.changed' && (e.payload as { command: ConsoleCommand }).command.commandId === ids[1] && (e.payload as { command: ConsoleCommand }).command.state === 'refused'),
    ).toBe(true);

    expect(hubCase(k1!.id)).toMatchObject({ status: 'closed', closure_code: 'false-alarm-handling-error', closed_by: a.services.link.operator!.id });
    expect(hubCase(k2!.id)).toMatchObject({ status: 'closed', closure_code: 'technical-handled', closed_by: sup.services.link.operator!.id });
    expect(hubCase(k3!.id)).toMatchObject({ status: 'open', owner_id: null });

    // Each command: one intent, one outcome, in the order the operator made them.
    expect(ids.map((id) => eventsOf(a, id).map((e) => e.type))).toEqual([
      ['case.close-requested', 'case.closed'],
      ['case.close-requested', 'case.close-refused'],
      ['case.release-requested', 'case.released'],
    ]);
    expect(eventsOf(a, ids[1]!)[1]?.payload).toMatchObject({ code: 'already-closed', closureCode: 'drill', note: 'Exercice' });
    const outcomes = a.services.journal.list({ limit: 100_000 }).filter((e) => ids.includes(String(e.payload?.commandId)) && !e.type.endsWith('-requested'));
    expect(outcomes.map((e) => e.payload?.commandId).reverse()).toEqual(ids);
    for (const id of ids) expect(hubCommandRows(id)).toBe(1);
    expect(a.services.journal.verifyChain()).toBeNull();

    // Every event this console journaled is at the hub exactly once, same hash, no hole in its chain.
    await waitFor('outbox empty', () => a.services.journal.outbox.count() === 0, 30_000);
    const local = a.services.journal.list({ limit: 100_000 });
    expect(local.length).toBeGreaterThan(3000);
    const atHub = hubDb((db) =>
      db.prepare<[string], { id: string; hash: string }>('SELECT id, hash FROM journal WHERE console_id = ?').all(a.services.journal.consoleId),
    );
    expect(atHub).toHaveLength(local.length);
    expect(new Map(atHub.map((r) => [r.id, r.hash]))).toEqual(new Map(local.map((e) => [e.id, e.hash])));
    expect(hubDb((db) => db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM journal_gaps WHERE closed_at IS NULL').get()!.n)).toBe(0);
    expect(a.violations).toEqual([]);
  }, 90_000);
});

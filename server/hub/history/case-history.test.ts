// The hub's case history over a real hub (startHub on a temp folder, real SQLite, real sockets):
// the hub's own events written with each change, console journal events merged in, live pushes.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseHistoryAck, CaseHistoryPush, type CaseHistoryEntry } from '@shared/domain/case-history';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { chain, registeredConsole, sendBatch } from '../journal/lane-fixtures';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture, type TestConsole } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

async function newCase(over: Record<string, unknown> = {}): Promise<string> {
  const r = await postAlarm(f.hub.url, f.key, alarmBody(over));
  const { caseId } = AlarmIngestResult.parse(await r.json());
  if (!caseId) throw new Error('the alarm opened no case');
  return caseId;
}

type HistoryConsole = TestConsole & { operatorId: string; pushes: CaseHistoryPush[]; history(caseId: string): Promise<CaseHistoryAck>; waitPush(pred: (e: CaseHistoryEntry) => boolean): Promise<CaseHistoryEntry> };

async function consoleFor(username: string): Promise<HistoryConsole> {
  const session = await login(f.hub.url, username);
  const c = await connectConsole(f, session.token);
  await c.snapshot;
  const pushes: CaseHistoryPush[] = [];
  const waiters: { pred: (e: CaseHistoryEntry) => boolean; resolve: (e: CaseHistoryEntry) => void }[] = [];
  c.socket.on('case.history', (p: unknown) => {
    const push = CaseHistoryPush.parse(p);
    pushes.push(push);
    for (const e of push.entries) {
      for (const w of [...waiters]) {
        if (!w.pred(e)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  return {
    ...c,
    operatorId: session.operator.id,
    pushes,
    history: async (caseId) => CaseHistoryAck.parse(await c.emitAck('case.history', { caseId })),
    waitPush(pred) {
      const seen = pushes.flatMap((p) => p.entries).find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no matching case.history push')), 5000);
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
      });
    },
  };
}

function entriesOf(ack: CaseHistoryAck): CaseHistoryEntry[] {
  if (!ack.ok) throw new Error(`case.history refused: ${ack.error.code} ${ack.error.message}`);
  return ack.entries;
}

const summary = (entries: CaseHistoryEntry[]) => entries.map((e) => [e.source, e.type, e.actor?.displayName ?? null]);

describe('case history at the hub', () => {
  it('starts with the alarm as received and the case it opened, by the hub itself', async () => {
    const caseId = await newCase({ beaconId: 'B-1', kind: 'ppms.intrusion', reference: 'ref-42' });
    const a = await consoleFor('operateur1');
    const entries = entriesOf(await a.history(caseId));
    expect(summary(entries)).toEqual([
      ['hub', 'alarm.received', null],
      ['hub', 'case.opened', null],
    ]);
    expect(entries[0]!.payload).toMatchObject({ kind: 'ppms.intrusion', beaconId: 'B-1', reference: 'ref-42', drill: false });
    expect(entries[1]!.payload).toMatchObject({ version: 1, siteName: 'École Jean Jaurès' });
  });

  it('records claim, takeover and closure with who did them, and pushes each to a console following the case', async () => {
    const caseId = await newCase();
    const [op1, sup] = await Promise.all([consoleFor('operateur1'), consoleFor('superviseur')]);
    entriesOf(await op1.history(caseId));
    entriesOf(await sup.history(caseId));

    expect(await op1.command({ type: 'claim', caseId })).toMatchObject({ ok: true });
    const claimed = await sup.waitPush((e) => e.type === 'case.claimed');
    expect(claimed).toMatchObject({ source: 'hub', actor: { operatorId: op1.operatorId, displayName: 'Camille Morvan' }, payload: { version: 2 } });

    expect(await sup.command({ type: 'release', caseId })).toMatchObject({ ok: true });
    const released = await op1.waitPush((e) => e.type === 'case.released');
    expect(released).toMatchObject({
      actor: { displayName: 'Hélène Guérin' },
      payload: { version: 3, previousOwner: { operatorId: op1.operatorId, displayName: 'Camille Morvan' } },
    });

    expect(await sup.command({ type: 'claim', caseId })).toMatchObject({ ok: true });
    expect(await sup.command({ type: 'close', caseId, closureCode: 'false-alarm-technical', note: 'Balise tombée' })).toMatchObject({ ok: true });
    const closed = await op1.waitPush((e) => e.type === 'case.closed');
    expect(closed.payload).toEqual({ version: 5, closureCode: 'false-alarm-technical', note: 'Balise tombée' });

    // The answer to a later request holds the same, in order.
    expect(summary(entriesOf(await op1.history(caseId)))).toEqual([
      ['hub', 'alarm.received', null],
      ['hub', 'case.opened', null],
      ['hub', 'case.claimed', 'Camille Morvan'],
      ['hub', 'case.released', 'Hélène Guérin'],
      ['hub', 'case.claimed', 'Hélène Guérin'],
      ['hub', 'case.closed', 'Hélène Guérin'],
    ]);
  });

  it('names the owner a supervisor closed the case of', async () => {
    const caseId = await newCase();
    const [op1, sup] = await Promise.all([consoleFor('operateur1'), consoleFor('superviseur')]);
    await op1.command({ type: 'claim', caseId });
    await sup.command({ type: 'close', caseId, closureCode: 'drill' });
    const closed = entriesOf(await sup.history(caseId)).find((e) => e.type === 'case.closed');
    expect(closed?.payload).toMatchObject({ closureCode: 'drill', note: null, previousOwner: { displayName: 'Camille Morvan' } });
  });

  it('writes nothing for a refused command, and once for a command sent twice', async () => {
    const caseId = await newCase();
    const [op1, op2] = await Promise.all([consoleFor('operateur1'), consoleFor('operateur2')]);
    const claim = { commandId: ulid(), type: 'claim', caseId };
    await op1.emitAck('command', claim);
    await op1.emitAck('command', claim);
    expect(await op2.command({ type: 'claim', caseId })).toMatchObject({ ok: false, error: { code: 'already-claimed' } });
    expect(await op2.command({ type: 'close', caseId, closureCode: 'drill' })).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(summary(entriesOf(await op2.history(caseId))).map(([, type]) => type)).toEqual(['alarm.received', 'case.opened', 'case.claimed']);
  });

  it('does not push a case to a console that never asked about it', async () => {
    const [followed, other] = [await newCase(), await newCase()];
    const a = await consoleFor('operateur1');
    const b = await consoleFor('operateur2');
    entriesOf(await b.history(followed));
    await a.command({ type: 'claim', caseId: other });
    await a.command({ type: 'claim', caseId: followed });
    await b.waitPush((e) => e.type === 'case.claimed');
    expect(b.pushes.map((p) => p.caseId)).toEqual([followed]);
  });

  it('merges every console’s journal events for the case, named from the accounts, in time order', async () => {
    const caseId = await newCase();
    const op1 = await consoleFor('operateur1');
    await op1.command({ type: 'claim', caseId });
    // The console's journal lane: registered by operateur1's login, then a batch under its key.
    const lane = await registeredConsole(f.hub.url, 'operateur1');
    const events = chain(lane.consoleId, op1.operatorId, [{ caseId, payload: { i: 0 } }, { caseId, payload: { i: 1 } }]);
    expect((await sendBatch(f.hub.url, lane.key, events)).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const entries = entriesOf(await op1.history(caseId));
    // Same millisecond, ids not monotonic: the history orders them by (at, id), as it says.
    const inOrder = [...events].sort((x, y) => (x.at !== y.at ? (x.at < y.at ? -1 : 1) : x.id < y.id ? -1 : 1));
    expect(entries.filter((e) => e.source === 'console')).toEqual(
      inOrder.map((e) => ({
        id: e.id,
        at: e.at,
        source: 'console',
        type: e.type,
        actor: { operatorId: op1.operatorId, displayName: 'Camille Morvan' },
        consoleId: lane.consoleId,
        payload: e.payload,
      })),
    );
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
  });

  it('shows a purged payload as null and keeps the entry', async () => {
    const caseId = await newCase();
    const db = new Database(join(f.dataDir, 'hub.sqlite'));
    try {
      db.prepare('UPDATE case_events SET payload = NULL WHERE case_id = ? AND type = ?').run(caseId, 'alarm.received');
    } finally {
      db.close();
    }
    const a = await consoleFor('operateur1');
    expect(entriesOf(await a.history(caseId))[0]).toMatchObject({ type: 'alarm.received', payload: null });
  });

  it('answers an unknown case with not-found and a malformed request with invalid-command, and keeps serving', async () => {
    const a = await consoleFor('operateur1');
    expect(await a.history('nope')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(CaseHistoryAck.parse(await a.emitAck('case.history', { caseId: 42 }))).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    a.socket.emit('case.history', { caseId: 'x' }); // no ack: ignored
    const caseId = await newCase();
    expect(entriesOf(await a.history(caseId))).toHaveLength(2);
  });
});

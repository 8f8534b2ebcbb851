// The silent-beacon watcher on a real hub database and the real intake, with fake timers
// (the clock and the watcher's interval; SQLite and the intake lane run for real).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alarm } from '@shared/domain/alarm';
import type { Case } from '@shared/domain/case';
import { addDrill } from '../drills/drills';
import { receiveAlarm } from '../ingest/intake';
import { WARN } from '../test-helpers';
import { beaconStateFor, recordHeartbeat } from './beacon-record';
import { supervisionFixture, type SupervisionFixture } from './test-context';
import { startSupervision, type SupervisionWatcher } from './watcher';

const T0 = Date.parse('2026-11-30T08:00:00.000Z');
const MIN = 60_000;
const CHECK = 15_000;
let f: SupervisionFixture;
let watcher: SupervisionWatcher;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: T0 });
  f = await supervisionFixture();
  watcher = startSupervision(f.hub, { checkEveryMs: CHECK });
});
afterEach(async () => {
  await watcher.stop();
  vi.useRealTimers();
  await f.cleanup();
});

const iso = (ms: number): string => new Date(ms).toISOString();

/** Moves the clock and lets every watcher pass due by then run to its end. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await watcher.sweep();
}

async function silentAlarms(beaconId = 'B-1') {
  return f.hub.db
    .selectFrom('alarms')
    .innerJoin('cases', 'cases.id', 'alarms.case_id')
    .select(['alarms.reference', 'alarms.kind', 'alarms.text', 'cases.status', 'cases.priority', 'cases.id as caseId'])
    .where('alarms.source', '=', 'supervision')
    .where('alarms.beacon_id', '=', beaconId)
    .orderBy('alarms.received_at')
    .execute();
}

describe('silent beacon watcher', () => {
  it('raises one "balise muette" after period + grace, not once per period, and opens a case', async () => {
    // B-1 is a PPMS beacon: hourly, 30 min grace.
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: iso(T0), battery: 64, charger: 'unplugged', details: {} });
    await advance(90 * MIN - CHECK);
    expect(await silentAlarms()).toEqual([]);
    await advance(CHECK);
    const raised = await silentAlarms();
    expect(raised).toEqual([
      {
        reference: 'muette-20261130T080000000Z', kind: 'device.heartbeat-missed', status: 'open', priority: 3, caseId: raised[0]?.caseId,
        text: 'Balise muette : aucun message depuis 1 h 30 (attendu toutes les 1 h)',
      },
    ]);
    expect(await beaconStateFor(f.hub.db, 'B-1')).toMatchObject({ silentSince: iso(T0 + 90 * MIN), charger: 'unplugged', battery: 64 });
    // Hours more of silence: still one alarm.
    await advance(5 * 60 * MIN);
    expect(await silentAlarms()).toHaveLength(1);
    const log = f.lines().find((l) => l.msg === 'silent beacon: "balise muette" raised');
    expect(log).toMatchObject({ level: WARN, beaconId: 'B-1', lastSeenAt: iso(T0), episodeOpen: true });
  });

  it('the timer alone notices the silence (no sweep called by hand)', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(T0), details: {} });
    // B-2 is a PTI beacon: 15 min + 7.5 min grace; the next pass after that raises.
    await vi.advanceTimersByTimeAsync(22.5 * MIN + CHECK);
    await vi.waitFor(async () => expect(await silentAlarms('B-2')).toHaveLength(1));
  });

  it('a heartbeat ends the episode; a new silence is a new episode with its own alarm', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(T0), details: {} });
    await advance(25 * MIN);
    expect(await silentAlarms('B-2')).toHaveLength(1);
    const [first] = await silentAlarms('B-2');
    const told = new Promise<Case>((resolve) => f.hub.bus.on('case.changed', (c) => c.id === first?.caseId && resolve(c)));
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(Date.now()), details: {} });
    expect(await beaconStateFor(f.hub.db, 'B-2')).toMatchObject({ silentSince: null, lastHeartbeatAt: iso(T0 + 25 * MIN) });
    // Its case learns it: a new version with the beacon talking, a line in its history.
    expect(await told).toMatchObject({ version: 2, status: 'open', beacon: { silentSince: null, lastHeartbeatAt: iso(T0 + 25 * MIN) } });
    const history = await f.hub.db.selectFrom('case_events').select(['type', 'payload']).where('case_id', '=', first?.caseId ?? '').where('type', '=', 'alarm.info').execute();
    expect(history.map((e) => (JSON.parse(e.payload ?? '{}') as { text: string }).text)).toEqual(['La balise parle de nouveau, après 25 min de silence']);
    // Raised by the pass at 22 min 30 s (15 + 7.5 min), ended by the heartbeat at 25 min.
    expect(f.lines().find((l) => l.msg === 'silent beacon speaks again: silence episode ended')).toMatchObject({ beaconId: 'B-2', silentSince: iso(T0 + 22.5 * MIN) });
    const episodes = await f.hub.db.selectFrom('beacon_silences').selectAll().execute();
    expect(episodes).toMatchObject([{ beacon_id: 'B-2', last_seen_at: iso(T0), raised_at: iso(T0 + 22.5 * MIN), ended_at: iso(T0 + 25 * MIN) }]);
    await advance(10 * MIN);
    expect(await silentAlarms('B-2')).toHaveLength(1);
    await advance(15 * MIN);
    const raised = await silentAlarms('B-2');
    expect(raised.map((a) => a.reference)).toEqual(['muette-20261130T080000000Z', 'muette-20261130T082500000Z']);
  });

  it('an alarm from the beacon is a sign of life: no silence while it talks', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(T0), details: {} });
    await advance(20 * MIN);
    const alarm: Alarm = {
      source: 'scaip:B-2', protocol: 'scaip', beaconId: 'B-2', reference: 'a1', kind: 'pti.sos', occurredAt: iso(Date.now()),
      position: null, drill: false, text: null, details: {}, raw: '<mrq/>',
    };
    await receiveAlarm(f.hub, alarm);
    await advance(5 * MIN);
    expect(await silentAlarms('B-2')).toEqual([]);
    expect(await beaconStateFor(f.hub.db, 'B-2')).toMatchObject({ lastSeenAt: iso(T0 + 20 * MIN), lastHeartbeatAt: iso(T0), expectedBy: iso(T0 + 20 * MIN + 22.5 * MIN) });
  });

  it('an alarm from a silent beacon ends its episode inside intake, and its muette case learns it (no deadlock of the lane)', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(T0), details: {} });
    await advance(25 * MIN);
    const [muette] = await silentAlarms('B-2');
    const told = new Promise<Case>((resolve) => f.hub.bus.on('case.changed', (c) => c.id === muette?.caseId && resolve(c)));
    const sos: Alarm = {
      source: 'scaip:B-2', protocol: 'scaip', beaconId: 'B-2', reference: 's1', kind: 'pti.sos', occurredAt: iso(Date.now()),
      position: null, drill: false, text: null, details: {}, raw: '<mrq/>',
    };
    expect(await receiveAlarm(f.hub, sos)).toMatchObject({ kind: 'stored' });
    expect(await told).toMatchObject({ version: 2, beacon: { silentSince: null, lastSeenAt: iso(T0 + 25 * MIN) } });
  });

  it("the hub's own absence is not the beacons' silence: after a restart they get a full period + grace", async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: iso(T0 - 6 * 60 * MIN), details: {} });
    // Hub just (re)started at T0: B-1's deadline passed long ago, while the hub was down.
    await advance(89 * MIN);
    expect(await silentAlarms()).toEqual([]);
    await advance(2 * MIN);
    expect(await silentAlarms()).toHaveLength(1);
  });

  it('after a restart, beacons of a short period are not held back by many hourly ones still in their grace', async () => {
    for (let i = 0; i < 250; i++) await recordHeartbeat(f.hub, { beaconId: `P-${i}`, at: iso(T0 - 6 * 60 * MIN), details: {} });
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(T0 - 30 * MIN), details: {} });
    // Hub (re)started at T0. All are overdue, the 250 unknown (hourly) beacons first in deadline
    // order; B-2 (PTI) may be called silent after 22.5 min of hub uptime, they after 1 h 30.
    await advance(23 * MIN);
    expect(await silentAlarms('B-2')).toHaveLength(1);
    expect(await silentAlarms('P-0')).toEqual([]);
  });

  it('a pass that raised but died before marking the episode raises the same reference: one alarm', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: iso(T0), details: {} });
    await advance(91 * MIN);
    // As if the hub stopped right after storing the alarm.
    await f.hub.db.updateTable('beacon_states').set({ silent_since: null, silence_reference: null }).execute();
    await advance(CHECK);
    expect(await silentAlarms()).toHaveLength(1);
    expect(await beaconStateFor(f.hub.db, 'B-1')).toMatchObject({ silentSince: iso(T0 + 91 * MIN + CHECK) });
  });

  it('a beacon never heard (no heartbeat nor periodic status) is not supervised', async () => {
    const alarm: Alarm = {
      source: 'http:gw', protocol: 'http', beaconId: 'B-1', reference: 'x', kind: 'ppms.intrusion', occurredAt: iso(T0),
      position: null, drill: false, text: null, details: {}, raw: '{}',
    };
    await receiveAlarm(f.hub, alarm);
    await advance(6 * 60 * MIN);
    expect(await silentAlarms()).toEqual([]);
  });

  it('a silent beacon during a registered drill of its site is a real fault, not an exercise', async () => {
    await addDrill(f.hub.db, { siteId: 'school-test', from: iso(T0), to: iso(T0 + 3 * 60 * MIN), createdBy: 'test' });
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: iso(T0), details: {} });
    await advance(91 * MIN);
    const [c] = await f.hub.db.selectFrom('cases').select(['drill', 'priority']).where('kind', '=', 'device.heartbeat-missed').execute();
    expect(c).toEqual({ drill: 0, priority: 3 });
  });

  it('a beacon heard only through periodic tests (no heartbeat: period unknown) is never called silent', async () => {
    const test: Alarm = {
      source: 'http:gw', protocol: 'http', beaconId: 'B-1', reference: 't1', kind: 'device.self-test-passed', occurredAt: iso(T0),
      position: null, drill: false, text: null, details: {}, raw: '{}',
    };
    await receiveAlarm(f.hub, test);
    expect(await beaconStateFor(f.hub.db, 'B-1')).toMatchObject({ lastSelfTestOk: true, lastHeartbeatAt: null });
    await advance(6 * 60 * MIN);
    expect(await silentAlarms()).toEqual([]);
  });

  it('stop() ends the timer: no pass after it', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-2', at: iso(T0), details: {} });
    await watcher.stop();
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(await silentAlarms('B-2')).toEqual([]);
  });
});

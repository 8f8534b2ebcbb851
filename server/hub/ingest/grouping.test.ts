// Grouping, de-duplication and restores at intake, on a real migrated SQLite database:
// what the consoles receive (the broadcast cases) and what the case's history says.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alarm } from '@shared/domain/alarm';
import { claimCase } from '../cases/case-commands';
import { addDrill } from '../drills/drills';
import { readCaseHistory } from '../history/history-read';
import { beaconStateFor } from '../supervision/beacon-record';
import { intakeFixture, scaipAlarm, type IntakeFixture } from './test-context';
import { receiveAlarm, type IngestOutcome } from './intake';

let f: IntakeFixture;
afterEach(async () => {
  vi.useRealTimers();
  await f.cleanup();
});

const MIN = 60_000;

async function send(over: Partial<Alarm>): Promise<Extract<IngestOutcome, { kind: 'stored' }>> {
  const beaconId = over.beaconId ?? 'B-1';
  const r = await receiveAlarm(f.hub, scaipAlarm({ source: `scaip:${beaconId}`, ...over }));
  if (r.kind !== 'stored') throw new Error(`refused: ${r.fields.join(', ')}`);
  return r;
}

/** The nth case the consoles received (negative: from the end). */
function sent(n: number) {
  const c = f.broadcasts.at(n);
  if (!c) throw new Error(`no broadcast #${n} (${f.broadcasts.length} sent)`);
  return c;
}

/** Moves the hub's clock (Date only: sockets and SQLite keep their real timers). */
function later(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

describe('grouping', () => {
  it('joins alarms of the same beacon, and of the same site, into one case whose priority rises to the most urgent', async () => {
    f = await intakeFixture({ groupWindowMs: 10 * MIN });
    const first = await send({ kind: 'ppms.confinement', text: 'Confinement demandé' });
    const second = await send({ kind: 'ppms.intrusion', beaconId: 'B-3', text: 'Individu armé' });
    const third = await send({ kind: 'ppms.confinement' });
    expect(first.effect).toBe('opened');
    expect([second.effect, third.effect]).toEqual(['joined', 'joined']);
    expect(new Set([first.result.caseId, second.result.caseId, third.result.caseId]).size).toBe(1);
    expect(f.broadcasts.map((c) => [c.version, c.alarmCount, c.priority, c.kind, c.voiceMode])).toEqual([
      [1, 1, 2, 'ppms.confinement', 'listen'],
      [2, 2, 1, 'ppms.intrusion', 'listen'],
      [3, 3, 1, 'ppms.intrusion', 'listen'],
    ]);
    const last = sent(2);
    // The first alarm's time stays the case's age; lastAlarmAt follows the latest.
    expect(last.receivedAt).toBe(sent(0).receivedAt);
    expect(last.lastAlarmAt >= sent(1).lastAlarmAt).toBe(true);
    expect(last.text).toBe('Confinement demandé');
    const { entries } = await readCaseHistory(f.hub.db, last.id);
    const alarms = entries.filter((e) => e.type === 'alarm.received');
    expect(alarms.map((e) => [e.payload?.kind, e.payload?.beaconId, e.payload?.joined])).toEqual([
      ['ppms.confinement', 'B-1', false],
      ['ppms.intrusion', 'B-3', true],
      ['ppms.confinement', 'B-1', true],
    ]);
    expect(alarms[1]?.payload).toMatchObject({ text: 'Individu armé', priorityFrom: 2, priorityTo: 1 });
  });

  it('counts a resend once: five copies of one message are one alarm', async () => {
    f = await intakeFixture();
    const alarm = scaipAlarm();
    const outs = [];
    for (let i = 0; i < 5; i++) outs.push(await receiveAlarm(f.hub, alarm));
    expect(outs.map((o) => (o.kind === 'stored' ? o.effect : o.kind))).toEqual(['opened', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(f.broadcasts).toHaveLength(1);
    expect(sent(0).alarmCount).toBe(1);
  });

  it('opens a new case once the window has passed since the case’s latest alarm', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    f = await intakeFixture({ groupWindowMs: 10 * MIN });
    const a = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    later(9 * MIN);
    const b = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    later(9 * MIN); // 18 min after the first, 9 after the latest: still the same incident
    const c = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    later(11 * MIN);
    const d = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    expect([b.result.caseId, c.result.caseId]).toEqual([a.result.caseId, a.result.caseId]);
    expect(d.effect).toBe('opened');
    expect(d.result.caseId).not.toBe(a.result.caseId);
  });

  it('never mixes a drill with a real alarm, nor puts a life-safety alarm in a technical case', async () => {
    f = await intakeFixture();
    const drill = await send({ kind: 'ppms.intrusion', drill: true });
    const real = await send({ kind: 'ppms.intrusion' });
    expect(real.effect).toBe('opened');
    const battery = await send({ kind: 'device.low-battery', beaconId: 'B-2' });
    const sos = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    expect(sos.effect).toBe('opened');
    expect(sos.result.caseId).not.toBe(battery.result.caseId);
    // A technical fault does join a live life-safety case of its site: shown there, the priority unchanged.
    const tamper = await send({ kind: 'device.tamper', beaconId: 'B-3' });
    expect(tamper).toMatchObject({ effect: 'joined', result: { caseId: real.result.caseId } });
    expect(f.broadcasts.at(-1)).toMatchObject({ id: real.result.caseId, priority: 1, kind: 'ppms.intrusion', alarmCount: 2 });
    expect(drill.result.caseId).not.toBe(real.result.caseId);
  });

  it('keeps a later alarm with the case an operator holds: same owner, the count and time move', async () => {
    f = await intakeFixture();
    const first = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    const actor = { operatorId: 'op-1', username: 'operateur1', displayName: 'Camille Morvan', role: 'operator' as const };
    expect((await claimCase(f.hub.db, actor, first.result.caseId!, new Date().toISOString())).ack).toMatchObject({ ok: true });
    const later = await send({ kind: 'pti.man-down', beaconId: 'B-2', text: 'Chute' });
    expect(later).toMatchObject({ effect: 'joined', result: { caseId: first.result.caseId } });
    expect(sent(-1)).toMatchObject({ status: 'claimed', owner: { displayName: 'Camille Morvan' }, alarmCount: 2, version: 3 });
  });

  it('opens a case per alarm with a window of 0', async () => {
    f = await intakeFixture({ groupWindowMs: 0 });
    const a = await send({});
    const b = await send({});
    expect(b.effect).toBe('opened');
    expect(b.result.caseId).not.toBe(a.result.caseId);
  });

  it('makes an alarm at a site with a registered drill an exercise, at a lower priority', async () => {
    f = await intakeFixture();
    await addDrill(f.hub.db, { siteId: 'school-test', from: new Date(Date.now() - MIN), to: new Date(Date.now() + 30 * MIN), createdBy: 'test' });
    const r = await send({ kind: 'ppms.intrusion' });
    expect(r.changed).toMatchObject({ drill: true, priority: 2 });
    const elsewhere = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    expect(elsewhere.changed).toMatchObject({ drill: false, priority: 1 });
  });
});

describe('restores', () => {
  it('close a technical case by themselves within the restore window, as the hub (system), in the history', async () => {
    f = await intakeFixture({ restoreWindowMs: 15 * MIN });
    const fault = await send({ kind: 'device.charger-unplugged', beaconId: 'B-2' });
    const back = await send({ kind: 'device.charger-restored', beaconId: 'B-2', details: { stc: '0116' } });
    expect(back).toMatchObject({ effect: 'closed', result: { caseId: fault.result.caseId } });
    expect(f.broadcasts.at(-1)).toMatchObject({ id: fault.result.caseId, status: 'closed', closureCode: 'technical-handled', alarmCount: 2, version: 2 });
    const { entries } = await readCaseHistory(f.hub.db, fault.result.caseId!);
    expect(entries.map((e) => e.type)).toEqual(['alarm.received', 'case.opened', 'alarm.received', 'case.closed']);
    expect(entries[3]).toMatchObject({ actor: null, payload: { by: 'system', reason: 'restored', restoredBy: back.result.alarmId } });
  });

  it('leave the case open when the restore comes after the window, joined and visible', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    f = await intakeFixture({ groupWindowMs: 10 * MIN, restoreWindowMs: 15 * MIN });
    const fault = await send({ kind: 'device.mains-lost', beaconId: 'B-2' });
    later(20 * MIN);
    const back = await send({ kind: 'device.mains-restored', beaconId: 'B-2' });
    expect(back).toMatchObject({ effect: 'joined', result: { caseId: fault.result.caseId } });
    expect(f.broadcasts.at(-1)).toMatchObject({ status: 'open', alarmCount: 2, priority: 3, kind: 'device.mains-lost' });
  });

  it('wait until every fault of the case is restored', async () => {
    f = await intakeFixture();
    const mains = await send({ kind: 'device.mains-lost', beaconId: 'B-2' });
    await send({ kind: 'device.charger-unplugged', beaconId: 'B-2' });
    expect((await send({ kind: 'device.mains-restored', beaconId: 'B-2' })).effect).toBe('joined');
    expect(await send({ kind: 'device.charger-restored', beaconId: 'B-2' })).toMatchObject({ effect: 'closed', result: { caseId: mains.result.caseId } });
  });

  it('never close a life-safety case: a cancel joins it and the case stays open', async () => {
    f = await intakeFixture();
    const sos = await send({ kind: 'pti.sos', beaconId: 'B-2' });
    await send({ kind: 'device.charger-unplugged', beaconId: 'B-2' });
    const cancel = await send({ kind: 'device.cancelled', beaconId: 'B-2', text: 'Annulé par l’agent' });
    expect(cancel).toMatchObject({ effect: 'joined', result: { caseId: sos.result.caseId } });
    expect(f.broadcasts.at(-1)).toMatchObject({ status: 'open', kind: 'pti.sos', priority: 1, alarmCount: 3 });
  });

  it('with nothing to restore, open no case', async () => {
    f = await intakeFixture();
    const r = await send({ kind: 'device.mains-restored', beaconId: 'B-2' });
    expect(r).toMatchObject({ effect: 'loose', changed: null, result: { caseId: null, duplicate: false } });
    expect(f.broadcasts).toEqual([]);
  });
});

describe('status reports', () => {
  it('open no case, go to the beacon’s record, and the beacon’s next case carries that record', async () => {
    f = await intakeFixture();
    const test = scaipAlarm({ kind: 'device.self-test-passed', beaconId: 'B-2', source: 'scaip:B-2', details: { battery: '81' } });
    expect(await receiveAlarm(f.hub, test)).toMatchObject({ kind: 'stored', effect: 'loose', result: { caseId: null } });
    expect(await receiveAlarm(f.hub, test)).toMatchObject({ kind: 'stored', effect: 'duplicate', result: { caseId: null, duplicate: true } });
    expect(f.broadcasts).toEqual([]);
    expect(await beaconStateFor(f.hub.db, 'B-2')).toMatchObject({ lastSelfTestOk: true, battery: 81 });
    await send({ kind: 'device.charger-unplugged', beaconId: 'B-2' });
    expect(sent(0).beacon).toMatchObject({ beaconId: 'B-2', battery: 81, charger: 'unplugged', lastSelfTestOk: true });
  });
});

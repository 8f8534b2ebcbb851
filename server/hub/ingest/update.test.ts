// SCAIP information updates (mty=IN) and aborts (mty=RE) handed to receiveUpdate: joined
// to the alarm's case, written in its history, the abort marked on the case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCaseHistory } from '../history/history-read';
import { WARN } from '../test-helpers';
import { intakeFixture, scaipAlarm, type IntakeFixture } from './test-context';
import { receiveAlarm, receiveUpdate, type BeaconUpdate } from './intake';

let f: IntakeFixture;
beforeEach(async () => {
  f = await intakeFixture();
});
afterEach(async () => {
  await f.cleanup();
});

const update = (reference: string, over: Partial<BeaconUpdate> = {}): BeaconUpdate => ({
  source: 'scaip:B-1',
  beaconId: 'B-1',
  reference,
  type: 'info',
  text: null,
  details: {},
  raw: `<mrq><ref>${reference}</ref><mty>IN</mty></mrq>`,
  ...over,
});

describe('receiveUpdate', () => {
  it('marks the case when the beacon aborts, keeps it open, and writes it in the case history', async () => {
    const alarm = scaipAlarm();
    const sent = await receiveAlarm(f.hub, alarm);
    if (sent.kind !== 'stored' || !sent.result.caseId) throw new Error('no case');
    const out = await receiveUpdate(f.hub, update(alarm.reference, { type: 'abort', text: 'Abandon\u202E: rappel 17', raw: '<mrq><mty>RE</mty></mrq>' }));
    expect(out).toMatchObject({ kind: 'joined', caseId: sent.result.caseId, alarmId: sent.result.alarmId });
    const last = f.broadcasts.at(-1);
    expect(last).toMatchObject({ id: sent.result.caseId, version: 2, status: 'open', beaconAbort: { text: 'Abandon: rappel 17' } });
    const { entries } = await readCaseHistory(f.hub.db, sent.result.caseId);
    expect(entries.map((e) => e.type)).toEqual(['alarm.received', 'case.opened', 'alarm.aborted']);
    expect(entries[2]).toMatchObject({ source: 'hub', actor: null, payload: { alarmId: sent.result.alarmId, text: 'Abandon: rappel 17', raw: '<mrq><mty>RE</mty></mrq>' } });
  });

  it('joins an information update to its alarm’s case once, however often the beacon retransmits it', async () => {
    const alarm = scaipAlarm({ beaconId: 'B-2', source: 'scaip:B-2', kind: 'pti.sos' });
    const sent = await receiveAlarm(f.hub, alarm);
    if (sent.kind !== 'stored' || !sent.result.caseId) throw new Error('no case');
    const u = update(alarm.reference, { source: 'scaip:B-2', beaconId: 'B-2', text: 'Chute confirmée', details: { stc: '0110' } });
    expect(await receiveUpdate(f.hub, u)).toMatchObject({ kind: 'joined' });
    expect(await receiveUpdate(f.hub, u)).toEqual({ kind: 'duplicate', alarmId: sent.result.alarmId, caseId: sent.result.caseId });
    expect(f.broadcasts.map((c) => c.version)).toEqual([1, 2]);
    expect(f.broadcasts[1]).toMatchObject({ beaconAbort: null });
    const { entries } = await readCaseHistory(f.hub.db, sent.result.caseId);
    expect(entries.filter((e) => e.type === 'alarm.info')).toEqual([expect.objectContaining({ payload: expect.objectContaining({ text: 'Chute confirmée', details: { stc: '0110' } }) })]);
  });

  it('logs an update whose alarm the hub never received, and changes nothing', async () => {
    expect(await receiveUpdate(f.hub, update('never-sent'))).toEqual({ kind: 'unknown-alarm' });
    expect(f.broadcasts).toEqual([]);
    expect(f.lines().find((l) => l.msg === 'beacon update not joined to a case')).toMatchObject({ level: WARN, reference: 'never-sent', outcome: 'unknown-alarm' });
  });

  it('says no-case for an update about a status report (it opened no case)', async () => {
    const status = scaipAlarm({ kind: 'device.test-transmission' });
    const sent = await receiveAlarm(f.hub, status);
    expect(sent).toMatchObject({ kind: 'stored', effect: 'loose', result: { caseId: null, duplicate: false } });
    expect(await receiveUpdate(f.hub, update(status.reference))).toMatchObject({ kind: 'no-case' });
    expect(f.broadcasts).toEqual([]);
  });
});

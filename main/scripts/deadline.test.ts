/** A wait step whose deadline passes escalates, visibly and in the journal (fake timers, real SQLite journal). */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScriptView } from '@shared/contract/scripts';
import type { Case } from '@shared/domain/case';
import { openJournal, type Journal } from '../journal/journal';
import { silent, tempDir } from '../testing/fixtures';
import { MockCaseLink } from './case-link.mock';
import { startScripts } from './index';
import { SimulatedNotifyGateway } from './notify-gateway';

const me = { id: 'op-1', username: 'operateur1', displayName: 'Camille Morvan', role: 'operator' as const };
const lowBattery: Case = {
  id: 'case-battery',
  version: 2,
  status: 'claimed',
  kind: 'device.low-battery',
  priority: 4,
  drill: false,
  beaconId: 'B-1',
  siteId: 'school-test',
  siteName: 'École Jean Jaurès',
  siteKind: 'school',
  address: '1 rue de la Paix',
  position: null,
  occurredAt: '2026-11-30T09:00:00.000Z',
  receivedAt: '2026-11-30T09:00:00.000Z',
  owner: { operatorId: me.id, displayName: me.displayName },
  claimedAt: '2026-11-30T09:00:05.000Z',
  closedAt: null,
  closureCode: null,
  closureNote: null,
  text: null,
  alarmCount: 1,
  lastAlarmAt: '2026-11-30T09:00:00.000Z',
  voiceMode: 'none',
  beaconAbort: null,
  beacon: null,
};
const manager = { role: 'Responsable du site', name: 'M. Durand', phone: '06 39 98 12 34' };

let dir: ReturnType<typeof tempDir>;
let journal: Journal;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2026-11-30T09:00:10.000Z'));
  dir = tempDir();
  journal = openJournal(join(dir.dir, 'journal.sqlite'), { logger: silent });
});
afterEach(() => {
  journal.close();
  dir.remove();
  vi.useRealTimers();
});

describe('wait step deadline', () => {
  it('escalates when the hour passes, journals it, and re-arms after a restart', async () => {
    const gateway = new SimulatedNotifyGateway(silent);
    const directory = { site: () => ({ site: { contacts: [manager] } }) };
    const link = new MockCaseLink(me, new Map([[lowBattery.id, lowBattery]]));
    const s = startScripts({ journal, link, directory, logger: silent, gateway });
    const views: ScriptView[] = [];
    s.on('changed', (v) => views.push(v));

    let v = await s.get(lowBattery.id);
    expect(v.script?.id).toBe('device-fault');
    // Enter on the SMS step: the gateway sends it and the step records « sent » by itself.
    await s.act(lowBattery.id, { type: 'begin', stepId: 'notify-manager' });
    await vi.waitFor(() => expect(views.at(-1)?.state?.currentId).toBe('wait-restore'));
    expect(gateway.sent).toEqual([expect.objectContaining({ channel: 'sms', to: '06 39 98 12 34' })]);
    v = await s.get(lowBattery.id);
    expect(v.state?.steps['wait-restore']?.deadlineAt).toBe('2026-11-30T10:00:10.000Z');

    vi.advanceTimersByTime(59 * 60_000);
    expect((await s.get(lowBattery.id)).state?.currentId).toBe('wait-restore');

    // A restart before the deadline: the new service re-arms the timer from the stored state.
    s.stop();
    const again = startScripts({ journal, link, directory, logger: silent, gateway });
    const seen: ScriptView[] = [];
    again.on('changed', (x) => seen.push(x));
    await again.get(lowBattery.id);
    vi.advanceTimersByTime(60_000);
    const escalated = seen.at(-1);
    expect(escalated?.state?.currentId).toBe('call-manager');
    expect(escalated?.state?.steps['wait-restore']).toMatchObject({ escalated: true, outcome: 'deadline', doneAt: '2026-11-30T10:00:10.000Z' });
    const passed = journal.list({ caseId: lowBattery.id, limit: 20 }).find((e) => e.type === 'script.deadline-passed');
    expect(passed?.payload).toMatchObject({ stepId: 'wait-restore', outcome: 'deadline', escalatedTo: 'call-manager' });
    expect(escalated?.contacts['site:safety-manager']).toMatchObject({ name: 'M. Durand', number: '06 39 98 12 34' });
    again.stop();
  });
});

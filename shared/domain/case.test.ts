import { describe, expect, it } from 'vitest';
import { priorityOf } from './alarm-kinds';
import { answerTargetSeconds, applyCaseDelta, type Case, claimDelaySeconds, isVersionGap, sortQueue } from './case';

const base: Case = {
  id: 'c0',
  version: 1,
  status: 'open',
  kind: 'device.low-battery',
  priority: 4,
  drill: false,
  beaconId: 'SN-PPMS-001',
  siteId: 's1',
  siteName: 'École',
  siteKind: 'school',
  address: '1 rue X, 44600 Saint-Nazaire',
  position: null,
  occurredAt: '2026-11-28T10:00:00.000Z',
  receivedAt: '2026-11-28T10:00:00.000Z',
  owner: null,
  claimedAt: null,
  closedAt: null,
  closureCode: null,
  closureNote: null, text: null,
  alarmCount: 1, lastAlarmAt: '2026-11-28T10:00:00.000Z', voiceMode: 'none', beaconAbort: null, beacon: null,
};
const mk = (id: string, priority: number, receivedAt: string, status: Case['status'] = 'open'): Case => ({ ...base, id, priority, receivedAt, status });

describe('queue order', () => {
  it('puts the most urgent priority first, then the oldest, and leaves closed cases out', () => {
    const q = sortQueue([
      mk('late-p1', 1, '2026-11-28T10:05:00.000Z'),
      mk('old-p4', 4, '2026-11-28T09:00:00.000Z'),
      mk('early-p1', 1, '2026-11-28T10:01:00.000Z'),
      mk('closed-p1', 1, '2026-11-28T08:00:00.000Z', 'closed'),
      mk('p2', 2, '2026-11-28T08:30:00.000Z', 'claimed'),
    ]);
    expect(q.map((c) => c.id)).toEqual(['early-p1', 'late-p1', 'p2', 'old-p4']);
  });
});

describe('priority', () => {
  it('ranks intrusion and fire above technical faults, and a drill below the real thing', () => {
    expect(priorityOf('ppms.intrusion', false)).toBe(1);
    expect(priorityOf('ms70.fire', false)).toBe(1);
    expect(priorityOf('device.charger-unplugged', false)).toBe(4);
    expect(priorityOf('ppms.intrusion', true)).toBe(2);
    expect(priorityOf('device.low-battery', true)).toBe(4);
  });
});

describe('versioned deltas', () => {
  it('ignores a stale or repeated delta and accepts a newer one', () => {
    const v2 = { ...base, version: 2 };
    expect(applyCaseDelta(v2, { ...base, version: 2 })).toBeNull();
    expect(applyCaseDelta(v2, { ...base, version: 1 })).toBeNull();
    expect(applyCaseDelta(v2, { ...base, version: 3 })?.version).toBe(3);
    expect(applyCaseDelta(undefined, v2)).toBe(v2);
  });

  it('detects a skipped version so the console refetches', () => {
    expect(isVersionGap({ ...base, version: 2 }, { ...base, version: 4 })).toBe(true);
    expect(isVersionGap({ ...base, version: 2 }, { ...base, version: 3 })).toBe(false);
    expect(isVersionGap(undefined, { ...base, version: 7 })).toBe(false);
  });
});

describe('answer targets', () => {
  it('gives life-safety alarms 60 s and technical faults much longer', () => {
    expect(answerTargetSeconds(1)).toBe(60);
    expect(answerTargetSeconds(2)).toBe(60);
    expect(answerTargetSeconds(3)).toBe(300);
    expect(answerTargetSeconds(4)).toBe(1800);
  });

  it('measures the claim delay from receipt to claim, and none before a claim', () => {
    expect(claimDelaySeconds({ receivedAt: '2026-11-28T10:00:00.000Z', claimedAt: '2026-11-28T10:00:42.900Z' })).toBe(42);
    expect(claimDelaySeconds({ receivedAt: '2026-11-28T10:00:00.000Z', claimedAt: null })).toBeNull();
    expect(claimDelaySeconds({ receivedAt: '2026-11-28T10:00:10.000Z', claimedAt: '2026-11-28T10:00:00.000Z' })).toBe(0);
  });
});

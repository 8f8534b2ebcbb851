import { describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import { CaseStore } from './case-store';

const base: Case = {
  id: 'c1',
  version: 1,
  status: 'open',
  kind: 'ppms.intrusion',
  priority: 1,
  drill: false,
  beaconId: 'B-1',
  siteId: 's1',
  siteName: 'École',
  siteKind: 'school',
  address: '1 rue',
  position: null,
  occurredAt: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:00.000Z',
  owner: null,
  claimedAt: null,
  closedAt: null,
  closureCode: null,
  closureNote: null, text: null,
  alarmCount: 1, lastAlarmAt: '2026-01-01T00:00:00.000Z', voiceMode: 'listen', beaconAbort: null, beacon: null,
};
const v = (version: number, over: Partial<Case> = {}): Case => ({ ...base, version, ...over });

describe('CaseStore', () => {
  it('applies newer versions, ignores stale ones, and flags skipped versions', () => {
    const s = new CaseStore();
    expect(s.apply(v(1))).toEqual({ applied: v(1), gap: false });
    expect(s.apply(v(1)).applied).toBeNull();
    expect(s.apply(v(2)).gap).toBe(false);
    expect(s.apply(v(5))).toEqual({ applied: v(5), gap: true });
    expect(s.apply(v(3)).applied).toBeNull();
    expect(s.get('c1')?.version).toBe(5);
  });

  it('drops closed cases from the queue and never lets a stale delta bring them back', () => {
    const s = new CaseStore();
    s.apply(v(2, { status: 'claimed' }));
    expect(s.apply(v(3, { status: 'closed', closureCode: 'drill' })).applied?.status).toBe('closed');
    expect(s.list()).toEqual([]);
    expect(s.apply(v(2, { status: 'claimed' })).applied).toBeNull();
    expect(s.list()).toEqual([]);
  });

  it('a snapshot replaces everything and skips closed cases', () => {
    const s = new CaseStore();
    s.apply(v(1));
    s.replace([v(4, { id: 'c2' }), v(2, { id: 'c3', status: 'closed' })]);
    expect(s.list().map((c) => c.id)).toEqual(['c2']);
  });
});

import { describe, expect, it } from 'vitest';
import { operatorHistory, type CaseHistoryEntry } from './case-history';

const lea = { operatorId: 'op-1', displayName: 'Léa' };
let n = 0;
function entry(over: Partial<CaseHistoryEntry> & Pick<CaseHistoryEntry, 'type' | 'source'>, atSec = 0): CaseHistoryEntry {
  n += 1;
  return { id: `e${n}`, at: new Date(Date.UTC(2026, 10, 30, 6, 0, atSec)).toISOString(), actor: lea, payload: {}, ...over };
}

describe('the operator view of a case history', () => {
  it('shows one line per change: the hub’s decision, not the request nor the console’s copy of the answer', () => {
    const received = entry({ type: 'alarm.received', source: 'hub', actor: null });
    const asked = entry({ type: 'case.claim-requested', source: 'console', payload: { commandId: 'cmd-1' } }, 5);
    const decided = entry({ type: 'case.claimed', source: 'hub' }, 5);
    const copy = entry({ type: 'case.claimed', source: 'console', payload: { commandId: 'cmd-1' } }, 6);
    expect(operatorHistory([received, asked, decided, copy]).map((e) => e.id)).toEqual([received.id, decided.id]);
  });

  it('keeps a request still waiting for the hub, a refusal, and the console’s copy when the hub’s own record is missing', () => {
    const waiting = entry({ type: 'case.close-requested', source: 'console', payload: { commandId: 'cmd-2' }, pending: true }, 10);
    const askedAgain = entry({ type: 'case.claim-requested', source: 'console', payload: { commandId: 'cmd-3' } }, 20);
    const refused = entry({ type: 'case.claim-refused', source: 'console', payload: { commandId: 'cmd-3' } }, 21);
    const copyWithoutHub = entry({ type: 'case.released', source: 'console', payload: { commandId: 'cmd-4' } }, 30);
    const newer = entry({ type: 'voice.listen-started', source: 'console' }, 40);
    expect(operatorHistory([waiting, askedAgain, refused, copyWithoutHub, newer]).map((e) => e.id)).toEqual([waiting.id, refused.id, copyWithoutHub.id, newer.id]);
  });

  it('pairs a console’s copy only with the hub’s record of the same operator, the same change, at about the same time', () => {
    const hubClaimByOther = entry({ type: 'case.claimed', source: 'hub', actor: { operatorId: 'op-2', displayName: 'Marc' } }, 0);
    const hubClaimLongBefore = entry({ type: 'case.claimed', source: 'hub' }, 0);
    const copy = entry({ type: 'case.claimed', source: 'console', payload: { commandId: 'cmd-5' } }, 59);
    expect(operatorHistory([hubClaimByOther, hubClaimLongBefore, copy]).map((e) => e.id)).toContain(copy.id);
  });
});

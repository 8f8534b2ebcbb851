// @vitest-environment jsdom
// Store and selectors, without React: the queue the operator sees is derived here.
import { describe, expect, it } from 'vitest';
import { makeCase, OP1, OP2, T0 } from '../test/fixtures';
import { ageSeconds, formatAge, isOverdue, ownershipOf, selectCounts, selectQueue, selectUrgentUnclaimed, waitOf } from './selectors';
import { CLOSED_MEMORY } from './cases-slice';
import { createConsoleStore } from './store';

const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('queue selectors', () => {
  it('orders by priority, then oldest first, and leaves closed cases out', () => {
    const store = createConsoleStore();
    store.getState().applySnapshot([
      makeCase({ id: 'p3-old', priority: 3, kind: 'device.tamper', receivedAt: at(0) }),
      makeCase({ id: 'p1-new', priority: 1, receivedAt: at(30) }),
      makeCase({ id: 'p1-old', priority: 1, receivedAt: at(10) }),
      makeCase({ id: 'p2', priority: 2, kind: 'ppms.confinement', receivedAt: at(5) }),
    ]);
    store.getState().applyCases([makeCase({ id: 'p1-old', version: 2, status: 'closed', closureCode: 'drill' })]);
    expect(selectQueue(store.getState()).map((c) => c.id)).toEqual(['p1-new', 'p2', 'p3-old']);
    expect(selectCounts(store.getState())).toMatchObject({ 1: 1, 2: 1, 3: 1, 4: 0, total: 3, unclaimed: 3 });
  });

  it('keeps the highest version: a late delta never rolls a claimed case back to open', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'c', version: 3, status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName } })]);
    store.getState().applyCases([makeCase({ id: 'c', version: 2, status: 'open' })]);
    store.getState().applySnapshot([makeCase({ id: 'c', version: 1 })]);
    expect(store.getState().cases.c?.status).toBe('claimed');
    expect(store.getState().cases.c?.version).toBe(3);
  });

  it('drops open cases missing from a snapshot (closed elsewhere), keeping only the closed case on screen', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'gone' }), makeCase({ id: 'shown' }), makeCase({ id: 'other' })]);
    store.getState().openCase('shown');
    store.getState().applyCases([makeCase({ id: 'shown', version: 2, status: 'closed' }), makeCase({ id: 'other', version: 2, status: 'closed' })]);
    expect(Object.keys(store.getState().cases).sort()).toEqual(['gone', 'shown']);
    store.getState().applySnapshot([makeCase({ id: 'new' })]);
    expect(Object.keys(store.getState().cases).sort()).toEqual(['new', 'shown']);
    expect(store.getState().cases.shown?.status).toBe('closed');
  });

  it('lets the closed case go once another case, or none, is shown', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'a' }), makeCase({ id: 'b' })]);
    store.getState().openCase('a');
    store.getState().applyCases([makeCase({ id: 'a', version: 2, status: 'closed', closureCode: 'drill' })]);
    expect(store.getState().cases.a?.closureCode).toBe('drill');
    store.getState().openCase('b');
    expect(Object.keys(store.getState().cases)).toEqual(['b']);
    store.getState().applyCases([makeCase({ id: 'b', version: 2, status: 'closed' })]);
    store.getState().openCase(null);
    expect(store.getState().cases).toEqual({});
  });

  it('never resurrects a dropped closed case from a late delta or a stale snapshot', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'c', version: 3, status: 'closed' })]);
    store.getState().applyCases([makeCase({ id: 'c', version: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName } })]);
    store.getState().applySnapshot([makeCase({ id: 'c', version: 1 })]);
    store.getState().applyCases([makeCase({ id: 'c', version: 3, status: 'closed' })]);
    expect(store.getState().cases).toEqual({});
    expect(store.getState().arrival.seq).toBe(0);
  });

  it('stays bounded over a long shift: 10 000 cases opened, shown and closed', () => {
    const store = createConsoleStore();
    const s = () => store.getState();
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      const id = `k${i}`;
      s().applyCases([makeCase({ id, receivedAt: at(i) })]);
      if (i % 2) s().openCase(id); // half are looked at, half closed from elsewhere unseen
      s().applyCases([makeCase({ id, version: 2, status: 'claimed', owner: { operatorId: OP1.id, displayName: OP1.displayName } })]);
      s().applyCases([makeCase({ id, version: 3, status: 'closed', closureCode: 'drill' })]);
      if (i % 100 === 0) s().applySnapshot([]);
      most = Math.max(most, Object.keys(s().cases).length);
    }
    // At most the case just opened plus the closed one on screen.
    expect(most).toBeLessThanOrEqual(2);
    expect(Object.keys(s().cases)).toEqual(['k9999']);
    expect(s().cases.k9999?.status).toBe('closed');
    expect(s().closedRemembered()).toBe(CLOSED_MEMORY);
    expect(selectQueue(s())).toEqual([]);
  });

  it('counts arrivals of new open cases only, with their most urgent priority', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'a', priority: 3 }), makeCase({ id: 'b', priority: 2 })]);
    expect(store.getState().arrival).toEqual({ seq: 1, priority: 2, count: 2 });
    store.getState().applyCases([makeCase({ id: 'a', version: 2, status: 'claimed' })]);
    store.getState().applySnapshot([makeCase({ id: 'a', version: 2, status: 'claimed' }), makeCase({ id: 'b' })]);
    expect(store.getState().arrival.seq).toBe(1);
  });

  it('keeps the sound going only for unclaimed P1/P2 cases', () => {
    const store = createConsoleStore();
    store.getState().applyCases([makeCase({ id: 'a', priority: 4, kind: 'device.low-battery' })]);
    expect(selectUrgentUnclaimed(store.getState())).toBe(0);
    store.getState().applyCases([makeCase({ id: 'b', priority: 2 })]);
    expect(selectUrgentUnclaimed(store.getState())).toBe(2);
    store.getState().applyCases([makeCase({ id: 'c', priority: 1, status: 'claimed', owner: { operatorId: 'x', displayName: 'X' } })]);
    expect(selectUrgentUnclaimed(store.getState())).toBe(2);
  });
});

describe('case helpers', () => {
  it('formats ages as mm:ss, then hours, then days', () => {
    expect(formatAge(0)).toBe('00:00');
    expect(formatAge(75)).toBe('01:15');
    expect(formatAge(3599)).toBe('59:59');
    expect(formatAge(3600 + 5 * 60)).toBe('1 h 05');
    expect(formatAge(2 * 86_400 + 3 * 3600)).toBe('2 j 03 h');
  });

  it('computes age from hub receipt, clamped at zero, and flags unclaimed cases past 60 s', () => {
    const c = makeCase({ receivedAt: at(0) });
    expect(ageSeconds(c, Date.parse(at(-5)))).toBe(0);
    expect(isOverdue(c, Date.parse(at(59)))).toBe(false);
    expect(isOverdue(c, Date.parse(at(60)))).toBe(true);
    expect(isOverdue({ ...c, status: 'claimed' }, Date.parse(at(600)))).toBe(false);
  });

  it('flags overdue by priority: a technical alarm is not late at 61 s, only after 30 min', () => {
    const p4 = makeCase({ receivedAt: at(0), priority: 4, kind: 'device.low-battery' });
    expect(isOverdue(p4, Date.parse(at(61)))).toBe(false);
    expect(isOverdue(p4, Date.parse(at(1799)))).toBe(false);
    expect(isOverdue(p4, Date.parse(at(1800)))).toBe(true);
    const p3 = makeCase({ receivedAt: at(0), priority: 3, kind: 'device.tamper' });
    expect(isOverdue(p3, Date.parse(at(299)))).toBe(false);
    expect(isOverdue(p3, Date.parse(at(300)))).toBe(true);
    expect(isOverdue(makeCase({ receivedAt: at(0), priority: 2 }), Date.parse(at(60)))).toBe(true);
  });

  it('counts the wait live while open, then freezes it at the claim delay', () => {
    const open = makeCase({ receivedAt: at(0) });
    expect(waitOf(open, Date.parse(at(90)))).toEqual({ kind: 'waiting', seconds: 90 });
    const claimed = makeCase({ receivedAt: at(0), status: 'claimed', claimedAt: at(42), owner: { operatorId: OP1.id, displayName: OP1.displayName } });
    expect(waitOf(claimed, Date.parse(at(90)))).toEqual({ kind: 'claimDelay', seconds: 42 });
    expect(waitOf(claimed, Date.parse(at(9000)))).toEqual({ kind: 'claimDelay', seconds: 42 });
    const closed = makeCase({ receivedAt: at(0), status: 'closed', claimedAt: at(30), closedAt: at(400) });
    expect(waitOf(closed, Date.parse(at(9000)))).toEqual({ kind: 'claimDelay', seconds: 30 });
    const closedUntaken = makeCase({ receivedAt: at(0), status: 'closed', closedAt: at(400) });
    expect(waitOf(closedUntaken, Date.parse(at(9000)))).toEqual({ kind: 'waiting', seconds: 400 });
  });

  it('tells whose case it is', () => {
    const mine = makeCase({ status: 'claimed', owner: { operatorId: OP1.id, displayName: OP1.displayName } });
    expect(ownershipOf(mine, OP1)).toBe('mine');
    expect(ownershipOf(mine, OP2)).toBe('other');
    expect(ownershipOf(makeCase(), OP1)).toBe('none');
    expect(ownershipOf(makeCase({ status: 'closed' }), OP1)).toBe('closed');
  });
});

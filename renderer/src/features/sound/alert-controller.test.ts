// @vitest-environment jsdom
// When the console rings. The Web Audio output is replaced by a recording function
// (jsdom has no audio); the decisions themselves are the real code, on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCase, makeSession, OP1, OP2 } from '../../test/fixtures';
import { createConsoleStore } from '../../store/store';
import { type AlertSound, startAlertController } from './alert-controller';

describe('alert controller', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  function setup() {
    const store = createConsoleStore();
    store.getState().setSession(makeSession());
    const played: AlertSound[] = [];
    const stop = startAlertController({ store, play: (p) => played.push(p) });
    return { store, played, stop };
  }

  it('rings once for a new technical alarm and does not repeat it', () => {
    const { store, played, stop } = setup();
    store.getState().applyCases([makeCase({ id: 'a', priority: 4, kind: 'device.charger-unplugged' })]);
    vi.advanceTimersByTime(60_000);
    expect(played).toEqual([4]);
    stop();
  });

  it('reminds every 10 s while a P1 case is unclaimed, every 20 s for a P2, and stops once it is claimed', () => {
    const { store, played, stop } = setup();
    store.getState().applyCases([makeCase({ id: 'a', priority: 1 })]);
    vi.advanceTimersByTime(20_500);
    expect(played).toEqual([1, 1, 1]);
    store.getState().applyCases([makeCase({ id: 'a', version: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName } })]);
    vi.advanceTimersByTime(30_000);
    expect(played).toHaveLength(3);
    store.getState().applyCases([makeCase({ id: 'b', priority: 2, kind: 'ppms.confinement' })]);
    vi.advanceTimersByTime(40_500);
    expect(played.slice(3)).toEqual([2, 2, 2]);
    stop();
  });

  it('rings a flood as one tone every 3 s, with the most urgent priority that came meanwhile', () => {
    const { store, played, stop } = setup();
    store.getState().applyCases([makeCase({ id: 'first', priority: 4, kind: 'device.low-battery' })]);
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(20);
      store.getState().applyCases([makeCase({ id: `f${i}`, priority: i === 50 ? 2 : 4, kind: i === 50 ? 'ppms.confinement' : 'device.low-battery' })]);
    }
    // 2 s of arrivals: the first rang at once, the rest wait for the gap and ring once, as a P2.
    expect(played).toEqual([4]);
    vi.advanceTimersByTime(1_000);
    expect(played).toEqual([4, 2]);
    stop();
  });

  it('keeps what is owned silent, but rings the owner tone when a later alarm joins my case', () => {
    const { store, played, stop } = setup();
    const mine = makeCase({ id: 'mine', priority: 2, kind: 'ppms.confinement', status: 'claimed', owner: { operatorId: OP1.id, displayName: OP1.displayName } });
    store.getState().applySnapshot([mine]);
    vi.advanceTimersByTime(60_000);
    expect(played).toEqual([]);
    // A colleague's case gaining an alarm is not my business.
    store.getState().applyCases([makeCase({ id: 'theirs', version: 1, status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName } })]);
    store.getState().applyCases([makeCase({ id: 'theirs', version: 2, alarmCount: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName } })]);
    store.getState().applyCases([{ ...mine, version: 2, alarmCount: 3 }]);
    vi.advanceTimersByTime(10_000);
    expect(played).toEqual(['owner']);
    expect(store.getState().newAlarms).toEqual({ mine: 2 });
    // Opening the case is seeing its new alarms.
    store.getState().openCase('mine');
    expect(store.getState().newAlarms).toEqual({});
    stop();
  });

  it('stays quiet while muted and rings again by itself when the mute expires', () => {
    const { store, played, stop } = setup();
    store.getState().mute(Date.now());
    store.getState().applyCases([makeCase({ id: 'a', priority: 2 })]);
    vi.advanceTimersByTime(60_000);
    expect(played).toEqual([]);
    vi.advanceTimersByTime(61_000);
    expect(store.getState().muteUntil).toBeNull();
    expect(played).toEqual([2]);
    stop();
  });
});

// @vitest-environment jsdom
// When the console rings. The Web Audio output is replaced by a recording function
// (jsdom has no audio); the decisions themselves are the real code.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCase } from '../../test/fixtures';
import { createConsoleStore } from '../../store/store';
import { startAlertController } from './alert-controller';

describe('alert controller', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  function setup() {
    const store = createConsoleStore();
    const played: number[] = [];
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

  it('repeats every 5 s while a P1 case is unclaimed, and stops once it is claimed', () => {
    const { store, played, stop } = setup();
    store.getState().applyCases([makeCase({ id: 'a', priority: 1 })]);
    vi.advanceTimersByTime(10_500);
    expect(played).toEqual([1, 1, 1]);
    store.getState().applyCases([makeCase({ id: 'a', version: 2, status: 'claimed', owner: { operatorId: 'o', displayName: 'O' } })]);
    vi.advanceTimersByTime(30_000);
    expect(played).toHaveLength(3);
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

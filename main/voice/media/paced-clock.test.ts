import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPacedClock } from './paced-clock';

// Fake timers and a fake Date as the clock: "busy" time is moving the clock without firing timers.
afterEach(() => {
  vi.useRealTimers();
});

function fakeClock() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] });
  vi.setSystemTime(0);
  return { now: () => Date.now(), busy: (ms: number) => vi.setSystemTime(Date.now() + ms) };
}

describe('paced 20 ms clock', () => {
  it('ticks every 20 ms, each tick due at start + k × 20 ms, and stops', () => {
    const { now } = fakeClock();
    const due: number[] = [];
    const clock = startPacedClock(20, (d) => due.push(d), { now });
    vi.advanceTimersByTime(1010);
    clock.stop();
    expect(due).toEqual(Array.from({ length: 50 }, (_, k) => 20 * (k + 1)));
    expect(clock.lateTicks).toBe(0);
    vi.advanceTimersByTime(100);
    expect(due).toHaveLength(50);
  });

  it('runs the ticks it missed at once after a busy spell, so the count keeps up with time', () => {
    const { now, busy } = fakeClock();
    const due: number[] = [];
    const clock = startPacedClock(20, (d) => {
      due.push(d);
      if (due.length === 5) busy(90); // this tick's work held the event loop 90 ms
    }, { now });
    vi.advanceTimersByTime(1000);
    clock.stop();
    // Ticks 6–9 were due during the busy spell: they ran late, together, and none was lost.
    expect(due).toEqual(Array.from({ length: due.length }, (_, k) => 20 * (k + 1)));
    expect(due.length).toBeGreaterThanOrEqual(54);
    expect(clock.lateTicks).toBe(3);
    expect(clock.skippedTicks).toBe(0);
  });

  it('skips, rather than replays, a stall longer than a second', () => {
    const { now, busy } = fakeClock();
    let ticks = 0;
    const clock = startPacedClock(20, () => {
      if (++ticks === 1) busy(5000);
    }, { now });
    vi.advanceTimersByTime(100);
    clock.stop();
    expect(clock.skippedTicks).toBeGreaterThan(190);
    expect(ticks).toBeLessThan(60);
  });
});

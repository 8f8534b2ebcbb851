/**
 * A 20 ms tick on the monotonic clock (`process.hrtime.bigint()`), for the playout side.
 * Each tick is due at start + k × period; a late wake-up runs every tick it missed at once
 * (the jitter buffer then stays in step with the sender's clock) instead of drifting like a
 * bare setInterval(20). A stall longer than `maxCatchUpMs` (a debugger, a suspended laptop)
 * is skipped rather than replayed, and counted.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface PacedClock {
  stop(): void;
  readonly ticks: number;
  /** Ticks that ran more than one period late (caught up in a burst). */
  readonly lateTicks: number;
  /** Ticks skipped after a stall. */
  readonly skippedTicks: number;
}

export function startPacedClock(periodMs: number, onTick: (dueMs: number) => void, maxCatchUpMs = 1000): PacedClock {
  let next = monotonicMs() + periodMs;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const counts = { ticks: 0, lateTicks: 0, skippedTicks: 0 };

  const run = () => {
    if (stopped) return;
    const now = monotonicMs();
    if (now - next > maxCatchUpMs) {
      const skip = Math.floor((now - next) / periodMs);
      counts.skippedTicks += skip;
      next += skip * periodMs;
    }
    while (!stopped && monotonicMs() >= next) {
      if (monotonicMs() - next >= periodMs) counts.lateTicks++;
      counts.ticks++;
      onTick(next);
      next += periodMs;
    }
    if (stopped) return;
    // Node timers have millisecond resolution: wake at the due millisecond, never before it is worth it.
    timer = setTimeout(run, Math.max(1, Math.ceil(next - monotonicMs())));
  };
  timer = setTimeout(run, periodMs);

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    get ticks() {
      return counts.ticks;
    },
    get lateTicks() {
      return counts.lateTicks;
    },
    get skippedTicks() {
      return counts.skippedTicks;
    },
  };
}

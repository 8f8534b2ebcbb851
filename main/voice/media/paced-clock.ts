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
const monotonicNow = monotonicMs;

export interface PacedClock {
  stop(): void;
  readonly ticks: number;
  /** Ticks that ran more than one period late (caught up in a burst). */
  readonly lateTicks: number;
  /** Ticks skipped after a stall. */
  readonly skippedTicks: number;
}

export interface PacedClockOptions {
  /** Stalls longer than this are skipped, not replayed (default 1 s). */
  maxCatchUpMs?: number;
  /** The clock read (default the monotonic clock; tests pass a fake one). */
  now?: () => number;
}

export function startPacedClock(periodMs: number, onTick: (dueMs: number) => void, options: PacedClockOptions = {}): PacedClock {
  const monotonicMs = options.now ?? monotonicNow;
  const maxCatchUpMs = options.maxCatchUpMs ?? 1000;
  let next = monotonicMs() + periodMs;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const counts = { ticks: 0, lateTicks: 0, skippedTicks: 0 };

  const run = () => {
    if (stopped) return;
    let now = monotonicMs();
    while (!stopped && now >= next) {
      if (now - next > maxCatchUpMs) {
        const skip = Math.floor((now - next) / periodMs);
        counts.skippedTicks += skip;
        next += skip * periodMs;
      }
      if (now - next >= periodMs) counts.lateTicks++;
      counts.ticks++;
      onTick(next);
      next += periodMs;
      now = monotonicMs();
    }
    if (stopped) return;
    // Node timers have millisecond resolution: wake at the due millisecond, never before it is worth it.
    timer = setTimeout(wake, Math.max(1, Math.ceil(next - monotonicMs())));
  };
  // Ticks run in the check phase, after the poll phase: after a stall, the packets that
  // waited in the socket meanwhile are pushed before the catch-up ticks pull frames.
  const wake = () => setImmediate(run);
  timer = setTimeout(wake, periodMs);

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

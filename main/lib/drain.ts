/**
 * Runs a queue's drain one pass at a time, for the senders that empty a local queue towards
 * the hub (journal outbox, command queue). A trigger during a pass asks for one more pass
 * after it; a pass that failed schedules a retry with backoff (doubling from minMs to maxMs,
 * or exactly the delay the hub named), and until then only a trigger (an append, a
 * reconnect) starts a pass early.
 */
export interface DrainOptions {
  minMs: number;
  maxMs: number;
}

export class Drain {
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private delay = 0;

  constructor(
    /** One pass: sends until the queue is empty or a send fails (then it calls retry()). */
    private readonly pass: () => Promise<void>,
    private readonly opts: DrainOptions,
  ) {}

  /** The pass under way, if any. */
  get running(): Promise<void> | null {
    return this.current;
  }

  /** A failed pass is waiting for its retry. */
  get backingOff(): boolean {
    return this.timer !== undefined;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Asks for a pass as soon as possible; safe to call any number of times. */
  trigger(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current = this.loop().finally(() => (this.current = null));
  }

  /** The last pass failed: the next comes after the backoff (or `afterMs`); returns the delay. */
  retry(afterMs?: number): number {
    if (this.stopped) return 0;
    if (afterMs === undefined) this.delay = Math.min(this.opts.maxMs, Math.max(this.opts.minMs, this.delay * 2));
    const wait = afterMs ?? this.delay;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trigger();
    }, wait);
    return wait;
  }

  /** A send went through: the next failure starts the backoff again from minMs. */
  succeeded(): void {
    this.delay = 0;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.pass();
      // A failed pass scheduled its retry: the timer owns the next pass, not a trigger that came meanwhile.
    } while (this.again && !this.stopped && !this.backingOff);
  }
}

/**
 * Per-socket limit on console commands: a token bucket (default 20 a second,
 * bursts of 40). A command beyond it is answered `rate-limited` at once, before
 * it is parsed, stored or queued: nothing was applied, the console may resend
 * it with the same commandId later. A person clicking never comes near it; a
 * console replaying its queued commands after an outage spends its burst and
 * then goes at the steady rate.
 *
 * Logged once per burst: a warning at the first refusal, and when a command is
 * accepted again, how many were refused in between.
 */
import type { Logger } from 'pino';

export interface RateLimitOptions {
  /** Tokens added per second (the steady rate). */
  perSecond: number;
  /** Bucket size: commands accepted at once after a quiet spell. */
  burst: number;
}

export const COMMAND_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 40 };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = opts.burst;
    this.last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  retryAfterMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.opts.perSecond);
  }

  private refill(): void {
    const t = this.now();
    // A clock stepping back adds nothing (and takes nothing).
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.tokens = Math.min(this.opts.burst, this.tokens + (elapsed * this.opts.perSecond) / 1000);
  }
}

export interface CommandLimiter {
  /** True when the command may run; false when it must be answered `rate-limited`. */
  allow(): boolean;
  retryAfterMs(): number;
}

export function createCommandLimiter(opts: RateLimitOptions, log: Logger, now: () => number = Date.now): CommandLimiter {
  const bucket = new TokenBucket(opts, now);
  let refused = 0;
  return {
    allow() {
      if (bucket.take()) {
        if (refused > 0) log.info({ refused }, 'console command rate limit: burst over');
        refused = 0;
        return true;
      }
      if (refused === 0) log.warn({ limit: opts }, 'console command rate limit reached: commands answered rate-limited');
      refused += 1;
      return false;
    },
    retryAfterMs: () => bucket.retryAfterMs(),
  };
}

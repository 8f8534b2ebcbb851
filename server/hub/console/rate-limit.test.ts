import { describe, expect, it } from 'vitest';
import { captureLogger, WARN } from '../test-helpers';
import { COMMAND_RATE_LIMIT, createCommandLimiter, TokenBucket } from './rate-limit';

describe('command token bucket', () => {
  it('accepts a burst of 40, then 20 a second', () => {
    let t = 1_000_000;
    const bucket = new TokenBucket(COMMAND_RATE_LIMIT, () => t);
    const burst = Array.from({ length: 45 }, () => bucket.take());
    expect(burst.filter(Boolean)).toHaveLength(40);
    expect(bucket.retryAfterMs()).toBe(50);
    t += 500;
    const halfSecond = Array.from({ length: 15 }, () => bucket.take());
    expect(halfSecond.filter(Boolean)).toHaveLength(10);
    t += 60_000;
    // A long quiet spell refills the burst, not more.
    expect(Array.from({ length: 50 }, () => bucket.take()).filter(Boolean)).toHaveLength(40);
  });

  it('gains nothing from a clock stepping back', () => {
    let t = 5_000;
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, () => t);
    expect(bucket.take()).toBe(true);
    t -= 10_000;
    expect(bucket.take()).toBe(false);
    t += 1_000;
    expect(bucket.take()).toBe(true);
  });
});

describe('command limiter log', () => {
  it('warns once per burst and says how many were refused when it ends', () => {
    let t = 0;
    const { logger, lines } = captureLogger();
    const limiter = createCommandLimiter({ perSecond: 10, burst: 2 }, logger, () => t);
    const answers = Array.from({ length: 1000 }, () => limiter.allow());
    expect(answers.filter(Boolean)).toHaveLength(2);
    expect(lines().filter((l) => l.level === WARN)).toHaveLength(1);
    t += 100;
    expect(limiter.allow()).toBe(true);
    expect(lines().map((l) => [l.msg, l.refused])).toEqual([
      ['console command rate limit reached: commands answered rate-limited', undefined],
      ['console command rate limit: burst over', 998],
    ]);
    // A second burst: one more warning.
    limiter.allow();
    expect(lines().filter((l) => l.level === WARN)).toHaveLength(2);
  });
});

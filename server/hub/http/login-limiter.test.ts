import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from './login-limiter';

describe('login limiter', () => {
  it('blocks the 6th attempt within 5 minutes and lets it through once the oldest failure is 5 minutes old', () => {
    let now = 1_000_000;
    const l = createLoginLimiter({ now: () => now });
    for (let i = 0; i < 4; i++) {
      expect(l.failed('10.0.0.1', 'camille')).toBe(false);
      now += 10_000;
    }
    expect(l.failed('10.0.0.1', 'camille')).toBe(true); // the 5th starts the block
    expect(l.retryAfterS('10.0.0.1', 'camille')).toBe(300 - 40);
    expect(l.retryAfterS('10.0.0.2', 'camille')).toBe(0);
    now = 1_000_000 + 300_000; // the first failure leaves the window
    expect(l.retryAfterS('10.0.0.1', 'camille')).toBe(0);
  });

  it('stays within its size bound under a flood of usernames', () => {
    const l = createLoginLimiter({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) {
      l.failed(`10.1.${i >> 8}.${i & 255}`, `user${i}`);
      expect(l.size()).toBeLessThanOrEqual(100);
    }
  });

  it('when full, drops expired entries first, then the least recently failed', () => {
    let now = 0;
    // One failure blocks, so "still blocked" shows the entry is still held.
    const l = createLoginLimiter({ now: () => now, maxEntries: 3, maxFailures: 1 });
    l.failed('ip', 'old');
    now = 200_000;
    l.failed('ip', 'b');
    now = 250_000;
    l.failed('ip', 'c');
    now = 310_000; // 'old' has left the 5-minute window
    l.failed('ip', 'd');
    expect(l.size()).toBe(3);
    expect(['b', 'c', 'd'].map((u) => l.retryAfterS('ip', u) > 0)).toEqual([true, true, true]);
    l.failed('ip', 'e'); // nothing expired: 'b', the least recent, goes
    expect(['b', 'c', 'd', 'e'].map((u) => l.retryAfterS('ip', u) > 0)).toEqual([false, true, true, true]);
  });
});

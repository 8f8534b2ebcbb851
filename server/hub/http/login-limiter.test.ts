import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger, startFixture, type Fixture } from '../test-helpers';
import { createLoginLimiter } from './login-limiter';

describe('login limiter', () => {
  it('blocks the 6th attempt within 5 minutes and lets it through once the oldest failure is 5 minutes old', () => {
    let now = 1_000_000;
    const l = createLoginLimiter({ now: () => now });
    for (let i = 0; i < 4; i++) {
      expect(l.reserve('10.0.0.1', 'camille')).toEqual({ ok: true, lastAllowed: false });
      now += 10_000;
    }
    expect(l.reserve('10.0.0.1', 'camille')).toEqual({ ok: true, lastAllowed: true }); // the 5th, if wrong, starts the block
    expect(l.reserve('10.0.0.1', 'camille')).toEqual({ ok: false, retryAfterS: 300 - 40 });
    expect(l.retryAfterS('10.0.0.1', 'camille')).toBe(300 - 40);
    expect(l.retryAfterS('10.0.0.2', 'camille')).toBe(0);
    now = 1_000_000 + 300_000; // the first failure leaves the window
    expect(l.retryAfterS('10.0.0.1', 'camille')).toBe(0);
  });

  it('counts an attempt before its outcome is known; a success takes the count back', () => {
    const l = createLoginLimiter({ now: () => 0 });
    // Five guesses in flight at once: each is counted as it starts, so a sixth is refused before any is checked.
    for (let i = 0; i < 5; i++) expect(l.reserve('ip', 'camille').ok).toBe(true);
    expect(l.reserve('ip', 'camille').ok).toBe(false);
    l.succeeded('ip', 'camille');
    expect(l.reserve('ip', 'camille')).toEqual({ ok: true, lastAllowed: false });
  });

  it('stays within its size bound under a flood of usernames', () => {
    const l = createLoginLimiter({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) {
      l.reserve(`10.1.${i >> 8}.${i & 255}`, `user${i}`);
      expect(l.size()).toBeLessThanOrEqual(100);
    }
  });

  it('when full, drops expired entries first, then the least recently failed', () => {
    let now = 0;
    // One failure blocks, so "still blocked" shows the entry is still held.
    const l = createLoginLimiter({ now: () => now, maxEntries: 3, maxFailures: 1 });
    l.reserve('ip', 'old');
    now = 200_000;
    l.reserve('ip', 'b');
    now = 250_000;
    l.reserve('ip', 'c');
    now = 310_000; // 'old' has left the 5-minute window
    l.reserve('ip', 'd');
    expect(l.size()).toBe(3);
    expect(['b', 'c', 'd'].map((u) => l.retryAfterS('ip', u) > 0)).toEqual([true, true, true]);
    l.reserve('ip', 'e'); // nothing expired: 'b', the least recent, goes
    expect(['b', 'c', 'd', 'e'].map((u) => l.retryAfterS('ip', u) > 0)).toEqual([false, true, true, true]);
  });
});

describe('login throttle over HTTP (real hub)', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.cleanup();
    f = undefined;
  });

  const attempt = (url: string, password: string) =>
    fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operateur1', password }),
    });

  it('30 simultaneous wrong logins, then the right one: the right one is refused (429); only 5 guesses were checked', async () => {
    const log = captureLogger();
    f = await startFixture(undefined, { logger: log.logger });
    const wrong = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(f!.hub.url, `guess-${i}`)));
    const statuses = wrong.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    const right = await attempt(f.hub.url, 'veille-demo');
    expect(right.status).toBe(429);
    expect(await right.json()).toMatchObject({ error: { code: 'too-many-attempts' } });
    // A checked password is logged ('login refused'); a throttled attempt is answered before any check.
    const lines = log.lines();
    expect(lines.filter((l) => l.msg.startsWith('login refused'))).toHaveLength(5);
    expect(lines.filter((l) => l.msg === 'login throttled')).toHaveLength(26);
    expect(lines.filter((l) => l.msg === 'login')).toHaveLength(0);
  });
});

/**
 * Failed-login throttle per (IP, username): after `maxFailures` failures within
 * `windowMs`, further attempts are refused without checking the password until
 * the oldest failure leaves the window. A success clears the count.
 *
 * Each attempt is counted as a failure *before* its password is checked
 * (`reserve`), and only a success takes it back: guesses sent at the same moment
 * cannot all be checked before the first of them is counted, so `maxFailures`
 * simultaneous wrong guesses block the next ones, a right one included.
 *
 * Memory is bounded: at most `maxEntries` keys; when full, expired keys go
 * first, then the least recently failed. (Spraying that many usernames can
 * push a key out early; each attempt still costs the sender an argon2 verify.)
 */
export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export type Reservation = { ok: true; /** this attempt, if it fails, starts a block */ lastAllowed: boolean } | { ok: false; retryAfterS: number };

export interface LoginLimiter {
  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfterS(ip: string, username: string): number;
  /** Counts an attempt as a failure before its password is checked, or refuses it when the count is full. */
  reserve(ip: string, username: string): Reservation;
  /** The password was right: forget the failures (the reserved attempt included). */
  succeeded(ip: string, username: string): void;
  size(): number;
}

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;

export function createLoginLimiter(opts: LoginLimiterOptions = {}): LoginLimiter {
  const maxFailures = opts.maxFailures ?? LOGIN_MAX_FAILURES;
  const windowMs = opts.windowMs ?? LOGIN_WINDOW_MS;
  const maxEntries = opts.maxEntries ?? 10_000;
  const now = opts.now ?? Date.now;
  /** Failure times, oldest first; Map order = least recently failed first. */
  const failures = new Map<string, number[]>();
  // Usernames compare case-insensitively here, so case variants do not get five tries each.
  const keyOf = (ip: string, username: string) => `${ip}\n${username.toLowerCase()}`;

  function recent(key: string, t: number): number[] {
    const list = (failures.get(key) ?? []).filter((at) => at > t - windowMs);
    if (list.length === 0) failures.delete(key);
    return list;
  }

  function makeRoom(t: number): void {
    if (failures.size < maxEntries) return;
    for (const [key, list] of failures) if (list[list.length - 1]! <= t - windowMs) failures.delete(key);
    for (const key of failures.keys()) {
      if (failures.size < maxEntries) break;
      failures.delete(key);
    }
  }

  /** Seconds until the oldest of the last `maxFailures` failures leaves the window; 0 below the limit. */
  function wait(list: number[], t: number): number {
    if (list.length < maxFailures) return 0;
    return Math.max(1, Math.ceil((list[list.length - maxFailures]! + windowMs - t) / 1000));
  }

  return {
    retryAfterS(ip, username) {
      const t = now();
      return wait(recent(keyOf(ip, username), t), t);
    },
    reserve(ip, username) {
      const t = now();
      const key = keyOf(ip, username);
      const list = recent(key, t);
      const retryAfterS = wait(list, t);
      if (retryAfterS > 0) return { ok: false, retryAfterS };
      list.push(t);
      failures.delete(key);
      makeRoom(t);
      failures.set(key, list);
      return { ok: true, lastAllowed: list.length === maxFailures };
    },
    succeeded(ip, username) {
      failures.delete(keyOf(ip, username));
    },
    size: () => failures.size,
  };
}

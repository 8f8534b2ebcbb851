/**
 * Failed-login throttle per (IP, username): after `maxFailures` failures within
 * `windowMs`, further attempts are refused without checking the password until
 * the oldest failure leaves the window. A success clears the count.
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

export interface LoginLimiter {
  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfterS(ip: string, username: string): number;
  /** Records a failure; returns true when this failure starts a block. */
  failed(ip: string, username: string): boolean;
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

  return {
    retryAfterS(ip, username) {
      const t = now();
      const list = recent(keyOf(ip, username), t);
      if (list.length < maxFailures) return 0;
      return Math.max(1, Math.ceil((list[list.length - maxFailures]! + windowMs - t) / 1000));
    },
    failed(ip, username) {
      const t = now();
      const key = keyOf(ip, username);
      const list = [...recent(key, t), t].slice(-maxFailures);
      failures.delete(key);
      makeRoom(t);
      failures.set(key, list);
      return list.length === maxFailures;
    },
    succeeded(ip, username) {
      failures.delete(keyOf(ip, username));
    },
    size: () => failures.size,
  };
}

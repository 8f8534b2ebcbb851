/**
 * Asks the browser-mode host whether our launch token is still good, after the
 * WebSocket failed to come back. A restarted console host has a new token (and
 * often a new port): the old tab would retry forever and show a stale queue.
 * `GET /api/session-check?token=…` answers 204 (valid) or 401 (refused); no
 * answer at all means the host is down, and retrying is right.
 */
export type SessionCheck = 'valid' | 'refused' | 'down' | 'unknown';

/** The part of `fetch` we use, so tests can script the host's answers. */
export type FetchLike = (url: string, init: { signal: AbortSignal; cache: 'no-store'; credentials: 'omit' }) => Promise<{ status: number }>;

export type SessionCheckOptions = { fetch: FetchLike; url: string; timeoutMs?: number };

export function createSessionCheck({ fetch, url, timeoutMs = 4000 }: SessionCheckOptions): () => Promise<SessionCheck> {
  return async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await fetch(url, { signal: abort.signal, cache: 'no-store', credentials: 'omit' });
      if (res.status === 204 || res.status === 200) return 'valid';
      if (res.status === 401) return 'refused';
      // Anything else (an older host without the route, a proxy error) proves nothing: keep retrying.
      return 'unknown';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Same origin as the page; the token travels as on the WebSocket URL. */
export function sessionCheckUrl(origin: string, token: string): string {
  return `${origin}/api/session-check?token=${encodeURIComponent(token)}`;
}

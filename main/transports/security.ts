/** Checks shared by the HTTP and WebSocket sides of browser mode. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/csp';

/** The console's one CSP (shared/contract/csp.ts), the same as the Electron app's. */
export const CSP = CONTENT_SECURITY_POLICY;

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Constant-time comparison; hashing first hides the token's length too. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The page's own origins: only they may open the API socket (blocks other sites in the same browser). */
export function allowedOrigins(host: string, port: number): Set<string> {
  const hosts = new Set([host, '127.0.0.1', 'localhost']);
  return new Set([...hosts].map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`));
}

/** Host header check against DNS rebinding: a foreign name resolving to 127.0.0.1 is refused. */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  return new Set([...allowedOrigins(host, port)].map((o) => o.slice('http://'.length)));
}

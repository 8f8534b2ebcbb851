/**
 * GET /api/session-check?token=<t>: 204 when the token is this console's,
 * 401 otherwise. A page whose socket closed asks it to tell "the console
 * restarted with another token" (401: a new address is needed) from "the
 * console is down" (no answer). The Host header is checked by the caller;
 * a page of another origin is refused (a same-origin fetch sends no Origin).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger';
import { tokenMatches } from './security';

export const SESSION_CHECK_PATH = '/api/session-check';

/** The path of a request target, or null when it cannot be read. */
export function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://placeholder').pathname;
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, error: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error }));
}

export function sessionCheck(
  req: IncomingMessage,
  res: ServerResponse,
  o: { token: string; origins: ReadonlySet<string>; log: Logger },
): void {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    return json(res, 405, 'method-not-allowed');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !o.origins.has(origin)) {
    o.log.warn({ origin, from: req.socket.remoteAddress }, 'session check from a foreign Origin refused');
    return json(res, 403, 'forbidden');
  }
  const token = new URL(req.url ?? '/', 'http://placeholder').searchParams.get('token');
  if (!tokenMatches(token, o.token)) return json(res, 401, 'bad-token');
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}

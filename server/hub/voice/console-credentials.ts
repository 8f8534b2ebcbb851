/**
 * The consoles' SIP credentials: derived, never stored. The user name carries an expiry, the
 * operator and the login session (`op-<expiry, base 36 seconds>-<operatorId>-<sessionId>`:
 * the registrar refuses them once that session is over), the password is an HMAC of
 * the hub's secret over that user name (the TURN REST scheme). The registrar recomputes the
 * password from the user name when it checks a digest, so any hub node sharing the secret
 * can check it, and a hub restart with a fresh secret simply makes consoles ask again.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { digestHa1 } from '../../sip/digest-server';

const ID = /^[0-9A-Za-z_]{1,64}$/;
const USER = /^op-([0-9a-z]{1,10})-([0-9A-Za-z_]{1,64})-([0-9A-Za-z_]{1,64})$/;

/** Default lifetime: the operator's session (12 h) at most; a console asks again on each reconnect anyway. */
export const CONSOLE_CREDENTIALS_TTL_MS = 12 * 60 * 60_000;

export interface ConsoleIdentity {
  operatorId: string;
  /** The hub login session the credentials were issued to. */
  sessionId: string;
  expiresAtMs: number;
}

export interface ConsoleCredentialMint {
  /** New credentials for this operator's login session. */
  issue(operatorId: string, sessionId: string, nowMs?: number): { user: string; password: string; expiresAtMs: number };
  /** Whether a digest user name is a console's (whatever its validity). */
  isConsoleUser(user: string): boolean;
  /** The operator behind a console user name, or null (not one, expired, malformed). */
  identify(user: string, nowMs?: number): ConsoleIdentity | null;
  /** HA1 for the digest check, or null when the user name is not a live console's. */
  ha1(user: string, realm: string, nowMs?: number): string | null;
}

export function createConsoleCredentialMint(opts: { secret?: Buffer; ttlMs?: number } = {}): ConsoleCredentialMint {
  const secret = opts.secret ?? randomBytes(32);
  const ttl = opts.ttlMs ?? CONSOLE_CREDENTIALS_TTL_MS;
  const passwordOf = (user: string) => createHmac('sha256', secret).update(`veille-sip:${user}`).digest('base64url').slice(0, 32);
  const identify = (user: string, nowMs = Date.now()): ConsoleIdentity | null => {
    const m = USER.exec(user);
    if (!m) return null;
    const expiresAtMs = parseInt(m[1]!, 36) * 1000;
    if (!Number.isFinite(expiresAtMs) || expiresAtMs <= nowMs) return null;
    return { operatorId: m[2]!, sessionId: m[3]!, expiresAtMs };
  };
  return {
    issue(operatorId, sessionId, nowMs = Date.now()) {
      if (!ID.test(operatorId)) throw new Error(`operator id unfit for a SIP user name: ${operatorId.slice(0, 80)}`);
      if (!ID.test(sessionId)) throw new Error(`session id unfit for a SIP user name: ${sessionId.slice(0, 80)}`);
      const expiresAtMs = Math.floor((nowMs + ttl) / 1000) * 1000;
      const user = `op-${(expiresAtMs / 1000).toString(36)}-${operatorId}-${sessionId}`;
      return { user, password: passwordOf(user), expiresAtMs };
    },
    isConsoleUser: (user) => USER.test(user),
    identify,
    ha1(user, realm, nowMs) {
      return identify(user, nowMs) ? digestHa1(user, realm, passwordOf(user)) : null;
    },
  };
}

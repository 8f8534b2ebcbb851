/**
 * Access tokens: HS256 JWT, short-lived (10 min by default), subject = user id,
 * `sid` = the session they belong to (auth/sessions.ts). They carry no power of
 * their own beyond their session: the hub checks that the session is live at
 * every socket handshake, and the session watcher cuts sockets whose session ended.
 * The signing secret is made on first start and kept in <dataDir>/hub-secret.key
 * (0600), so tokens survive a hub restart and no secret lives in the code.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Role, type Operator } from '@shared/domain/operator';

/** Default life of an access token; a console renews it with its refresh token before then. */
export const ACCESS_TOKEN_TTL_MS = 10 * 60 * 1000;

export interface Actor {
  operatorId: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface AccessClaims extends Actor {
  sessionId: string;
}

export function loadOrCreateSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'hub-secret.key');
  try {
    const text = readFileSync(file, 'utf8').trim();
    const key = Buffer.from(text, 'base64');
    if (key.length >= 32) return new Uint8Array(key);
    throw new Error(`${file} holds fewer than 32 bytes: delete it to generate a new one.`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  // 'wx': if two hubs start at once on one dataDir, the second fails loudly instead of overwriting.
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return new Uint8Array(key);
}

export interface TokenService {
  /** An access token for `op` in session `sessionId`, expiring after the TTL or at `notAfterMs`, whichever is first. */
  sign(op: Operator, sessionId: string, notAfterMs: number): Promise<{ token: string; expiresAt: string }>;
  /** Throws on a bad signature, expiry or malformed claims (TokenExpired for expiry alone). */
  verify(token: string): Promise<AccessClaims>;
  /** Like verify, but an expired token is still accepted up to `toleranceS` (logout: ending a session needs no fresh token). */
  verifyAllowingExpired(token: string, toleranceS: number): Promise<AccessClaims>;
}

/** The token was genuine but is past its expiry. */
export class TokenExpired extends Error {
  override name = 'TokenExpired';
}

export function createTokenService(secret: Uint8Array, opts: { accessTtlMs?: number; now?: () => number } = {}): TokenService {
  const ttlMs = opts.accessTtlMs ?? ACCESS_TOKEN_TTL_MS;
  const now = opts.now ?? Date.now;

  async function check(token: string, clockTolerance: number): Promise<AccessClaims> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], clockTolerance, currentDate: new Date(now()) }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenExpired('access token expired');
      throw err;
    }
    const role = Role.safeParse(payload.role);
    if (!payload.sub || !role.success || typeof payload.displayName !== 'string' || typeof payload.sid !== 'string') {
      throw new Error('token claims are incomplete');
    }
    return {
      operatorId: payload.sub,
      username: typeof payload.username === 'string' ? payload.username : payload.sub,
      displayName: payload.displayName,
      role: role.data,
      sessionId: payload.sid,
    };
  }

  return {
    async sign(op, sessionId, notAfterMs) {
      // JWT times are whole seconds: round up so a short test TTL never becomes zero.
      const exp = Math.ceil(Math.min(now() + ttlMs, notAfterMs) / 1000);
      const token = await new SignJWT({ role: op.role, displayName: op.displayName, username: op.username, sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(op.id)
        // Unique per token: two tokens issued in the same second are still told apart (logs, revocation lists).
        .setJti(randomBytes(12).toString('base64url'))
        .setIssuedAt(Math.floor(now() / 1000))
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    verify: (token) => check(token, 0),
    verifyAllowingExpired: (token, toleranceS) => check(token, toleranceS),
  };
}

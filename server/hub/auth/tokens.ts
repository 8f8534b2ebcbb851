/**
 * Operator session tokens: HS256 JWT, 12 h, subject = user id. The signing
 * secret is made on first start and kept in <dataDir>/hub-secret.key (0600),
 * so tokens survive a hub restart and no secret lives in the code.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { Role, type Operator } from '@shared/domain/operator';

export const TOKEN_TTL_S = 12 * 3600;

export interface Actor {
  operatorId: string;
  username: string;
  displayName: string;
  role: Role;
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
  sign(op: Operator): Promise<{ token: string; expiresAt: string }>;
  /** Throws on a bad signature, expiry or malformed claims. */
  verify(token: string): Promise<Actor>;
}

export function createTokenService(secret: Uint8Array): TokenService {
  return {
    async sign(op) {
      const exp = Math.floor(Date.now() / 1000) + TOKEN_TTL_S;
      const token = await new SignJWT({ role: op.role, displayName: op.displayName, username: op.username })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(op.id)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      const role = Role.safeParse(payload.role);
      if (!payload.sub || !role.success || typeof payload.displayName !== 'string') {
        throw new Error('token claims are incomplete');
      }
      return {
        operatorId: payload.sub,
        username: typeof payload.username === 'string' ? payload.username : payload.sub,
        displayName: payload.displayName,
        role: role.data,
      };
    },
  };
}

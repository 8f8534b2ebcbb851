/**
 * SIP Digest authentication, the centre's side (RFC 2617 / 3261 §22, MD5, qop=auth only).
 * Written here rather than taken from `sip/digest`, whose server side keeps one nonce per
 * context from Math.random, never expires it, and offers auth-int (which breaks on UTF-8
 * bodies: PROTOCOLS.md §3.3, pitfall 2).
 *
 * Nonces carry their own issue time and an HMAC of it, so any nonce we issued can be
 * checked without storing it and expires after `nonceTtlMs` (answered with stale=true: the
 * sender signs again without asking its user). A nonce count must rise with each use of a
 * nonce: a captured request replayed as is is refused.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SipRequest } from './stack';

export interface DigestServerOptions {
  realm: string;
  /** Default 5 minutes. */
  nonceTtlMs?: number;
  /** HMAC key for nonces; default random per process (a hub restart invalidates nonces: senders re-sign). */
  secret?: Buffer;
  now?: () => number;
}

export type DigestFailure =
  /** No Authorization for our realm: the first, unsigned attempt. */
  | 'missing'
  | 'malformed'
  | 'unknown-user'
  | 'bad-response'
  /** Our nonce, expired: challenge again with stale=true. */
  | 'stale'
  /** Not a nonce we issued. */
  | 'bad-nonce'
  | 'replay'
  | 'unsupported';

export type DigestVerdict = { ok: true; user: string } | { ok: false; reason: DigestFailure; user: string | null };

export interface DigestServer {
  readonly realm: string;
  /** The WWW-Authenticate header of a 401 (pass as `headers['www-authenticate']`). */
  challenge(stale?: boolean): { scheme: string; [param: string]: string }[];
  /** Checks the request's Authorization; `ha1Of` returns MD5(user:realm:password) or null for an unknown user. */
  verify(rq: SipRequest, ha1Of: (user: string) => Promise<string | null> | string | null): Promise<DigestVerdict>;
}

export const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** What a credential store keeps instead of the password: MD5(user:realm:password). */
export function digestHa1(user: string, realm: string, password: string): string {
  return md5(`${user}:${realm}:${password}`);
}

const unq = (v: string | undefined): string | undefined => (v !== undefined && v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createDigestServer(opts: DigestServerOptions): DigestServer {
  const ttl = opts.nonceTtlMs ?? 5 * 60_000;
  const secret = opts.secret ?? randomBytes(32);
  const now = opts.now ?? Date.now;
  /** Highest nonce count seen per nonce still alive; pruned as nonces expire. */
  const counts = new Map<string, { nc: number; issued: number }>();

  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
  function issue(): string {
    const payload = `${now().toString(36)}.${randomBytes(6).toString('base64url')}`;
    return `${payload}.${sign(payload)}`;
  }
  /** The issue time of a nonce we made, or null. */
  function issuedAt(nonce: string): number | null {
    const i = nonce.lastIndexOf('.');
    if (i < 0) return null;
    const payload = nonce.slice(0, i);
    if (!safeEqual(nonce.slice(i + 1), sign(payload))) return null;
    const t = parseInt(payload.split('.')[0] ?? '', 36);
    return Number.isFinite(t) ? t : null;
  }
  function prune(): void {
    const limit = now() - ttl;
    for (const [n, v] of counts) if (v.issued < limit) counts.delete(n);
  }

  return {
    realm: opts.realm,
    challenge(stale = false) {
      const h: { scheme: string; [param: string]: string } = { scheme: 'Digest', realm: `"${opts.realm}"`, nonce: `"${issue()}"`, algorithm: 'MD5', qop: '"auth"' };
      if (stale) h.stale = 'TRUE';
      return [h];
    },
    async verify(rq, ha1Of) {
      const auth = (rq.headers.authorization ?? []).find((a) => a.scheme?.toLowerCase() === 'digest' && unq(a.realm) === opts.realm);
      if (!auth) return { ok: false, reason: 'missing', user: null };
      const user = unq(auth.username) ?? null;
      const nonce = unq(auth.nonce);
      const uri = unq(auth.uri);
      const response = unq(auth.response)?.toLowerCase();
      const qop = unq(auth.qop)?.toLowerCase();
      const nc = auth.nc;
      const cnonce = unq(auth.cnonce);
      if (!user || !nonce || !uri || !response) return { ok: false, reason: 'malformed', user };
      const algorithm = unq(auth.algorithm)?.toLowerCase();
      if ((algorithm && algorithm !== 'md5') || qop !== 'auth') return { ok: false, reason: 'unsupported', user };
      if (!nc || !/^[0-9a-fA-F]{8}$/.test(nc) || !cnonce) return { ok: false, reason: 'malformed', user };
      const issued = issuedAt(nonce);
      if (issued === null) return { ok: false, reason: 'bad-nonce', user };
      const ha1 = await ha1Of(user);
      if (!ha1) return { ok: false, reason: 'unknown-user', user };
      const ha2 = md5(`${rq.method}:${uri}`);
      const expected = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
      if (!safeEqual(expected, response)) return { ok: false, reason: 'bad-response', user };
      // The response is right: only now may the nonce be called stale (a wrong password is never "stale").
      if (now() - issued > ttl) return { ok: false, reason: 'stale', user };
      const count = parseInt(nc, 16);
      const seen = counts.get(nonce);
      if (seen && count <= seen.nc) return { ok: false, reason: 'replay', user };
      if (counts.size > 50_000) prune();
      counts.set(nonce, { nc: count, issued });
      return { ok: true, user };
    },
  };
}

/**
 * SIP Digest authentication, the sender's side (a beacon, the simulator): signs a request
 * after a 401/407 and keeps using the same nonce, counting up, until the server says it is
 * stale. MD5 with qop=auth (what our receiver offers); a challenge without qop is signed
 * the RFC 2069 way.
 */
import { randomBytes } from 'node:crypto';
import { md5 } from './digest-server';
import { stringifyUri, type SipRequest, type SipResponse } from './stack';

export interface DigestCredentials {
  user: string;
  password: string;
}

export interface DigestClient {
  /** Takes the challenge of a 401/407; false when there is none we can answer (then give up). */
  learn(rs: SipResponse): boolean;
  /** True once a challenge is known: requests can be signed up front. */
  readonly ready: boolean;
  /** Adds Authorization (or Proxy-Authorization) to a request about to be sent. */
  sign(rq: SipRequest): void;
}

const unq = (v: string | undefined): string | undefined => (v !== undefined && v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

export function createDigestClient(creds: DigestCredentials): DigestClient {
  let ch: { realm: string; nonce: string; opaque?: string; qop: 'auth' | null; proxy: boolean } | null = null;
  let nc = 0;
  let cnonce = randomBytes(8).toString('hex');
  return {
    get ready() {
      return ch !== null;
    },
    learn(rs) {
      const proxy = rs.status === 407;
      const header = (proxy ? rs.headers['proxy-authenticate'] : rs.headers['www-authenticate']) ?? [];
      const c = header.find((h) => h.scheme?.toLowerCase() === 'digest');
      const realm = unq(c?.realm);
      const nonce = unq(c?.nonce);
      if (!c || realm === undefined || !nonce) return false;
      const algorithm = unq(c.algorithm)?.toLowerCase();
      if (algorithm && algorithm !== 'md5') return false;
      const qops = (unq(c.qop) ?? '').split(',').map((q) => q.trim().toLowerCase());
      if (unq(c.qop) !== undefined && !qops.includes('auth')) return false;
      ch = { realm, nonce, opaque: unq(c.opaque), qop: qops.includes('auth') ? 'auth' : null, proxy };
      nc = 0;
      cnonce = randomBytes(8).toString('hex');
      return true;
    },
    sign(rq) {
      if (!ch) throw new Error('no digest challenge to sign with yet');
      const uri = stringifyUri(rq.uri);
      const ha1 = md5(`${creds.user}:${ch.realm}:${creds.password}`);
      const ha2 = md5(`${rq.method}:${uri}`);
      const h: { scheme: string; [k: string]: string } = { scheme: 'Digest', username: `"${creds.user}"`, realm: `"${ch.realm}"`, nonce: `"${ch.nonce}"`, uri: `"${uri}"`, algorithm: 'MD5' };
      if (ch.qop) {
        const count = (++nc).toString(16).padStart(8, '0');
        h.response = `"${md5(`${ha1}:${ch.nonce}:${count}:${cnonce}:auth:${ha2}`)}"`;
        Object.assign(h, { qop: 'auth', nc: count, cnonce: `"${cnonce}"` });
      } else h.response = `"${md5(`${ha1}:${ch.nonce}:${ha2}`)}"`;
      if (ch.opaque !== undefined) h.opaque = `"${ch.opaque}"`;
      rq.headers[ch.proxy ? 'proxy-authorization' : 'authorization'] = [h];
    },
  };
}

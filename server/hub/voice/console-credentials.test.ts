import { describe, expect, it } from 'vitest';
import { digestHa1 } from '../../sip/digest-server';
import { createConsoleCredentialMint } from './console-credentials';

describe('console SIP credentials', () => {
  const secret = Buffer.alloc(32, 7);
  const now = Date.parse('2026-11-30T10:00:00Z');

  it('name their operator and expiry, and their password is the HMAC the registrar recomputes', () => {
    const mint = createConsoleCredentialMint({ secret, ttlMs: 60_000 });
    const c = mint.issue('01M8NZQ1YY8R8J99Q1005GR1WE', 'S1', now);
    expect(mint.identify(c.user, now)).toEqual({ operatorId: '01M8NZQ1YY8R8J99Q1005GR1WE', sessionId: 'S1', expiresAtMs: c.expiresAtMs });
    expect(mint.ha1(c.user, 'veille', now)).toBe(digestHa1(c.user, 'veille', c.password));
    // Another hub process (another secret) derives another password: the old one no longer works.
    const other = createConsoleCredentialMint({ ttlMs: 60_000 });
    expect(other.ha1(c.user, 'veille', now)).not.toBe(digestHa1(c.user, 'veille', c.password));
  });

  it('stop working at their expiry, and a user name that is not a console’s is not one', () => {
    const mint = createConsoleCredentialMint({ secret, ttlMs: 60_000 });
    const c = mint.issue('OP1', 'S1', now);
    expect(mint.identify(c.user, c.expiresAtMs)).toBeNull();
    expect(mint.ha1(c.user, 'veille', c.expiresAtMs + 1)).toBeNull();
    for (const u of ['B-1', 'op-', 'op-zz-', 'op-abc-x y', 'op-abc-OP1', 'op-12345678901-OP1-S1']) expect(mint.isConsoleUser(u)).toBe(false);
    expect(() => mint.issue('bad id with spaces', 'S1', now)).toThrow(/unfit/);
    expect(() => mint.issue('OP1', 'bad-session', now)).toThrow(/unfit/);
  });
});

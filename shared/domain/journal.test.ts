import { describe, expect, it } from 'vitest';
import {
  computeChainHash,
  computePayloadHash,
  eventHashProblem,
  GENESIS_HASH,
  JournalEvent,
  journalHashInput,
  MAX_JOURNAL_PAYLOAD_BYTES,
  payloadDigestInput,
  payloadProblem,
} from './journal';

// Not a hash: a stand-in digest is enough to test what shared/ does with one (no Node here).
const standInDigest = (t: string) => {
  let h = 0n;
  for (const ch of t) h = (h * 131n + BigInt(ch.codePointAt(0)!)) % (1n << 256n);
  return h.toString(16).padStart(64, '0');
};
const e = { id: '01JDZ8Q3W9T6N4V2K8M5R7P1XC', at: '2026-11-28T10:00:00.000Z', consoleId: 'c', operatorId: 'o', caseId: null, type: 'case.closed', payloadHash: 'a'.repeat(64) };

function nested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 0; i < depth - 1; i++) v = { v };
  return v;
}

function event(payload: Record<string, unknown>) {
  const base = { ...e, payloadHash: computePayloadHash(standInDigest, payload) };
  return { ...base, payload, prevHash: GENESIS_HASH, hash: computeChainHash(standInDigest, GENESIS_HASH, base) };
}

describe('journal hashes', () => {
  it('digest of a payload does not depend on key order, so console and hub hash the same text', () => {
    expect(payloadDigestInput({ a: { c: 3, d: 2 }, b: 1 })).toBe(payloadDigestInput({ b: 1, a: { d: 2, c: 3 } }));
  });

  it('chain input changes when any field changes', () => {
    expect(journalHashInput({ ...e, operatorId: 'x' })).not.toBe(journalHashInput(e));
    expect(journalHashInput({ ...e, payloadHash: 'b'.repeat(64) })).not.toBe(journalHashInput(e));
  });

  it('a purged event (payload null) still verifies; an altered payload does not', () => {
    const ok = event({ note: 'Mme Durand, 06 00 00 00 00' });
    expect(eventHashProblem(standInDigest, ok)).toBeNull();
    expect(eventHashProblem(standInDigest, { ...ok, payload: null })).toBeNull();
    expect(eventHashProblem(standInDigest, { ...ok, payload: { note: 'autre chose' } })).toBe('payload-hash');
    expect(eventHashProblem(standInDigest, { ...ok, at: '2026-11-28T10:00:01.000Z' })).toBe('hash');
  });
});

describe('journal payload bounds', () => {
  it('refuses a payload nested deeper than the limit without overflowing the stack', () => {
    expect(payloadProblem(nested(16))).toBeNull();
    expect(payloadProblem(nested(17))).toMatch(/deeper than 16/);
    expect(payloadProblem(nested(200_000))).toMatch(/deeper than 16/);
  });

  it('measures size in UTF-8 bytes, not characters', () => {
    const chars = Math.floor(MAX_JOURNAL_PAYLOAD_BYTES / 2);
    expect(payloadProblem({ t: 'a'.repeat(chars) })).toBeNull();
    // 'é' is two bytes: the same character count is over the byte limit.
    expect(payloadProblem({ t: 'é'.repeat(chars) })).toMatch(/bytes/);
  });

  it('refuses what is not JSON', () => {
    expect(payloadProblem({ big: 10n } as unknown as Record<string, unknown>)).toMatch(/not JSON/);
  });
});

describe('journal event schema', () => {
  const valid = event({});

  it('accepts a well-formed event, and a type this version does not know yet', () => {
    expect(JournalEvent.safeParse(valid).success).toBe(true);
    expect(JournalEvent.safeParse({ ...valid, type: 'script.step-done' }).success).toBe(true);
  });

  it('refuses what a hub must never store: a non-date, a non-hash, a non-ULID, a bulky or deep payload, a malformed type', () => {
    expect(JournalEvent.safeParse({ ...valid, at: 'not a date' }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, prevHash: 'p' }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, id: 'x'.repeat(26) }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, payload: { blob: 'x'.repeat(9_000) } }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, payload: nested(40) }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, type: 'DROP TABLE' }).success).toBe(false);
  });
});

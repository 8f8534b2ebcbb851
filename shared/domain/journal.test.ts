import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, JournalEvent, journalHashInput } from './journal';

const e = { id: '01JDEMO00000000000000000000'.slice(0, 26), at: '2026-11-28T10:00:00.000Z', consoleId: 'c', operatorId: 'o', caseId: null, type: 'case.closed' as const, payload: { b: 1, a: { d: 2, c: 3 } } };

describe('journal hash input', () => {
  it('does not depend on payload key order, so console and hub hash the same text', () => {
    const reordered = { ...e, payload: { a: { c: 3, d: 2 }, b: 1 } };
    expect(journalHashInput(reordered)).toBe(journalHashInput(e));
  });

  it('changes when any field changes', () => {
    expect(journalHashInput({ ...e, operatorId: 'x' })).not.toBe(journalHashInput(e));
    expect(journalHashInput({ ...e, payload: { b: 2, a: { d: 2, c: 3 } } })).not.toBe(journalHashInput(e));
  });
});

describe('journal event schema', () => {
  const valid = {
    id: '01JDZ8Q3W9T6N4V2K8M5R7P1XC',
    at: '2026-11-28T10:00:00.000Z',
    operatorId: 'o',
    caseId: null,
    type: 'case.claimed',
    payload: {},
    consoleId: 'c',
    prevHash: GENESIS_HASH,
    hash: 'a'.repeat(64),
  };

  it('accepts a well-formed event', () => {
    expect(JournalEvent.safeParse(valid).success).toBe(true);
  });

  it('refuses what a hub must never store: a non-date, a non-hash, a non-ULID, a bulky payload', () => {
    expect(JournalEvent.safeParse({ ...valid, at: 'not a date' }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, prevHash: 'p' }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, id: 'x'.repeat(26) }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...valid, payload: { blob: 'x'.repeat(9_000) } }).success).toBe(false);
  });
});

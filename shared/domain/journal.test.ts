import { describe, expect, it } from 'vitest';
import { journalHashInput } from './journal';

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

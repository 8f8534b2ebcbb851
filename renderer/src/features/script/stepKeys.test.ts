import { describe, expect, it } from 'vitest';
import type { Step } from '@shared/scripts/schema';
import { stepKeyAction } from './step-keys';

const call: Step = { id: 'call-17', kind: 'call', contact: 'police-17', title: 'Appeler le 17', required: true };
const wait: Step = { id: 'w', kind: 'wait', minutes: 60, until: 'restore', escalate: 'x', title: 'Attendre', required: true };
const close: Step = { id: 'close', kind: 'close', title: 'Clore', required: true };

describe('stepper keys', () => {
  it('Enter places the call once; digits record reached, no answer, busy', () => {
    expect(stepKeyAction('Enter', call, false)).toEqual({ kind: 'begin' });
    expect(stepKeyAction('Enter', call, true)).toBeNull();
    expect(stepKeyAction('1', call, true)).toEqual({ kind: 'outcome', outcome: 'reached' });
    expect(stepKeyAction('3', call, true)).toEqual({ kind: 'outcome', outcome: 'busy' });
    expect(stepKeyAction('4', call, true)).toBeNull();
  });
  it('never lets the operator record a deadline: the console does', () => {
    expect(stepKeyAction('1', wait, false)).toEqual({ kind: 'outcome', outcome: 'done' });
    expect(stepKeyAction('2', wait, false)).toBeNull();
  });
  it('Enter on the close step, or C anywhere, asks to close; S skips, N goes to the note', () => {
    expect(stepKeyAction('Enter', close, false)).toEqual({ kind: 'close' });
    expect(stepKeyAction('c', call, false)).toEqual({ kind: 'close' });
    expect(stepKeyAction('S', call, false)).toEqual({ kind: 'skip' });
    expect(stepKeyAction('s', close, false)).toBeNull();
    expect(stepKeyAction('n', call, false)).toEqual({ kind: 'note' });
  });
});

/**
 * The stepper's keys, as pure rules: Enter does the current step (listen, call, send,
 * read, open the closing dialog), a digit records the n-th outcome, S passes the step
 * over, N goes to its note, C asks to close the case.
 */
import { outcomesOf, type Step } from '@shared/scripts/schema';

export type StepKeyAction =
  | { kind: 'begin' }
  | { kind: 'outcome'; outcome: string }
  | { kind: 'skip' }
  | { kind: 'note' }
  | { kind: 'answer' }
  | { kind: 'close' }
  | null;

/** The outcomes the operator can record (a wait's deadline is the console's to record, not the operator's). */
export function operatorOutcomes(step: Step): string[] {
  if (step.kind === 'question' && step.answer === 'input') return [];
  return outcomesOf(step).filter((o) => o !== 'deadline');
}

export function stepKeyAction(key: string, step: Step, begun: boolean): StepKeyAction {
  if (key === 'Enter') {
    if (step.kind === 'close') return { kind: 'close' };
    if (step.kind === 'info') return { kind: 'outcome', outcome: 'read' };
    if (step.kind === 'question' && step.answer === 'input') return { kind: 'answer' };
    if ((step.kind === 'listen' || step.kind === 'call' || step.kind === 'notify') && !begun) return { kind: 'begin' };
    return null;
  }
  if (/^[1-9]$/.test(key)) {
    const outcome = operatorOutcomes(step)[Number(key) - 1];
    return outcome ? { kind: 'outcome', outcome } : null;
  }
  switch (key.toLowerCase()) {
    case 's':
      return step.kind === 'close' ? null : { kind: 'skip' };
    case 'n':
      return { kind: 'note' };
    case 'c':
      return { kind: 'close' };
    default:
      return null;
  }
}

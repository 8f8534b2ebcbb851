/**
 * Which closure codes fit a case: no « technical alert handled » for an SOS, no
 * « drill » for a real alarm. A life-safety case closed as a false alarm needs a note
 * (the safety manager's report and the supervisor's review read it).
 */
import { categoryOf, type AlarmKind } from '../domain/alarm-kinds';
import type { ClosureCode } from '../domain/case';

const LIFE_SAFETY: readonly ClosureCode[] = [
  'real-alarm-escalated',
  'real-alarm-resolved-on-site',
  'false-alarm-handling-error',
  'false-alarm-technical',
  'cancelled-by-site',
];
const TECHNICAL: readonly ClosureCode[] = ['technical-handled', 'false-alarm-technical', 'cancelled-by-site'];
const DRILL: readonly ClosureCode[] = ['drill', 'false-alarm-technical', 'cancelled-by-site'];

export function closureCodesFor(kind: AlarmKind, drill: boolean): readonly ClosureCode[] {
  if (drill) return DRILL;
  return categoryOf(kind) === 'life-safety' ? LIFE_SAFETY : TECHNICAL;
}

export function isFalseAlarmCode(code: ClosureCode): boolean {
  return code === 'false-alarm-handling-error' || code === 'false-alarm-technical';
}

/** True when closing with this code needs a note. */
export function closureNeedsNote(kind: AlarmKind, drill: boolean, code: ClosureCode): boolean {
  return !drill && categoryOf(kind) === 'life-safety' && isFalseAlarmCode(code);
}

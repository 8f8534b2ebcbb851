/**
 * Walks every path of a script, as scripts:check and the tests do: each outcome of
 * each step (and a skip for optional ones), the wait steps' escalation, until a close
 * step. Finds unreachable steps, dead ends, and drill paths that reach 17 / 18 / 15.
 */
import { isEmergencyRef } from './contacts';
import { nextStepId, outcomesOf, type Script, type Step } from './schema';

export interface PathStep {
  stepId: string;
  /** An outcome, 'skipped' for an optional step passed over, or 'close' at the end. */
  outcome: string;
}

export interface ScriptProblem {
  /** Where in the script: the step's index (null: the script as a whole). */
  step: number | null;
  /** Which field of the step, for the line number. */
  field?: string;
  message: string;
}

/** The branches out of a step: [outcome, next step id or null]. A loop back is allowed (e.g. call again). */
export function branches(script: Script, index: number): [string, string | null][] {
  const step = script.steps[index] as Step;
  if (step.kind === 'close') return [];
  const out: [string, string | null][] = outcomesOf(step).map((o) => [o, nextStepId(script, index, o)]);
  if (!step.required) out.push(['skipped', nextStepId(script, index, 'default')]);
  return out;
}

const MAX_PATHS = 5000;

/** Every path from the first step, each step at most once per path (a loop ends the path there). */
export function enumeratePaths(script: Script): { path: PathStep[]; end: 'close' | 'dead-end' | 'loop' }[] {
  const index = new Map(script.steps.map((s, i) => [s.id, i]));
  const out: { path: PathStep[]; end: 'close' | 'dead-end' | 'loop' }[] = [];
  const walk = (i: number, path: PathStep[], seen: Set<number>) => {
    if (out.length >= MAX_PATHS) return;
    const step = script.steps[i] as Step;
    if (step.kind === 'close') return void out.push({ path: [...path, { stepId: step.id, outcome: 'close' }], end: 'close' });
    for (const [outcome, target] of branches(script, i)) {
      const here = [...path, { stepId: step.id, outcome }];
      const j = target === null ? undefined : index.get(target);
      if (j === undefined) out.push({ path: here, end: 'dead-end' });
      else if (seen.has(j)) out.push({ path: here, end: 'loop' });
      else walk(j, here, new Set([...seen, j]));
    }
  };
  if (script.steps.length > 0) walk(0, [], new Set([0]));
  return out;
}

export function checkScript(script: Script): ScriptProblem[] {
  const problems: ScriptProblem[] = [];
  const index = new Map(script.steps.map((s, i) => [s.id, i]));
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const i = queue.shift() as number;
    for (const [outcome, target] of branches(script, i)) {
      const j = target === null ? undefined : index.get(target);
      if (j === undefined) {
        const step = script.steps[i] as Step;
        problems.push({ step: i, field: 'id', message: `dead end: step "${step.id}" (${outcome}) leads nowhere; the last step of a path must be a close step` });
      } else if (!reached.has(j)) {
        reached.add(j);
        queue.push(j);
      }
    }
  }
  script.steps.forEach((s, i) => {
    if (!reached.has(i)) problems.push({ step: i, field: 'id', message: `unreachable step "${s.id}": no path from the first step leads to it` });
  });
  if (![...reached].some((i) => script.steps[i]?.kind === 'close')) problems.push({ step: null, message: 'no close step can be reached' });
  if (script.drill) {
    script.steps.forEach((s, i) => {
      if (reached.has(i) && (s.kind === 'call' || s.kind === 'notify') && isEmergencyRef(s.contact)) {
        problems.push({ step: i, field: 'contact', message: `drill script reaches ${s.contact} at step "${s.id}": a drill never calls 17, 18 or 15` });
      }
    });
  }
  return problems;
}

/**
 * Drives a script through one path with the engine alone (tests, and the trainers'
 * replay checks): builds the inputs a console would journal for each step.
 */
import type { AlarmKind } from '../domain/alarm-kinds';
import { closureCodesFor, closureNeedsNote } from './closure';
import type { ScriptContext } from './context';
import { apply, type ApplyResult, type ScriptState } from './engine';
import type { PathStep } from './graph';
import type { ScriptInput } from './inputs';
import type { Script } from './schema';

export function testContext(kind: AlarmKind, drill = false, contacts: ScriptContext['contacts'] = {}): ScriptContext {
  return {
    caseId: 'case-1',
    kind,
    drill,
    siteId: 'school-1',
    siteName: 'École Jean Jaurès',
    address: '12 rue de la Paix, Saint-Nazaire',
    beaconId: 'B-1',
    text: 'Individu armé côté cour',
    contacts,
  };
}

/** A clock for inputs: each call is one second after the previous (deterministic). */
export function inputClock(start = '2026-11-30T09:00:00.000Z'): () => { id: string; at: string } {
  let n = 0;
  const t0 = Date.parse(start);
  return () => {
    n += 1;
    return { id: `I${String(n).padStart(6, '0')}`, at: new Date(t0 + n * 1000).toISOString() };
  };
}

/** The inputs that walk `path`: begin + outcome per step, skip for a skipped one, the deadline for an escalation, close at the end. */
export function inputsForPath(script: Script, ctx: ScriptContext, path: PathStep[], operatorId = 'op-1'): ScriptInput[] {
  const tick = inputClock();
  const inputs: ScriptInput[] = [{ ...tick(), operatorId, type: 'start', scriptId: script.id, version: script.version }];
  let clock = Date.parse(inputs[0]!.at);
  const next = () => {
    const t = tick();
    clock = Math.max(clock + 1000, Date.parse(t.at));
    return { id: t.id, at: new Date(clock).toISOString(), operatorId };
  };
  for (const { stepId, outcome } of path) {
    const step = script.steps.find((s) => s.id === stepId)!;
    if (outcome === 'close') {
      const code = step.kind === 'close' && step.codes ? step.codes[0]! : closureCodesFor(ctx.kind, ctx.drill)[0]!;
      inputs.push({ ...next(), type: 'close', code, ...(closureNeedsNote(ctx.kind, ctx.drill, code) ? { note: 'levée de doute' } : {}) });
    } else if (outcome === 'skipped') {
      inputs.push({ ...next(), type: 'skip', stepId });
    } else if (outcome === 'deadline' && step.kind === 'wait') {
      clock += step.minutes * 60_000;
      inputs.push({ ...next(), type: 'deadline', stepId });
    } else {
      if (step.kind === 'listen' || step.kind === 'call' || step.kind === 'notify') inputs.push({ ...next(), type: 'begin', stepId });
      inputs.push({ ...next(), type: 'outcome', stepId, outcome, ...(step.kind === 'question' && step.answer === 'input' ? { value: 'réponse' } : {}) });
    }
  }
  return inputs;
}

/** Applies the inputs one by one; stops at the first refusal. */
export function drive(script: Script, ctx: ScriptContext, inputs: ScriptInput[]): { state: ScriptState | null; refused: { input: ScriptInput; error: string } | null; results: ApplyResult[] } {
  let state: ScriptState | null = null;
  const results: ApplyResult[] = [];
  for (const input of inputs) {
    const r = apply(script, ctx, state, input);
    results.push(r);
    if (!r.ok) return { state, refused: { input, error: r.error }, results };
    state = r.state;
  }
  return { state, refused: null, results };
}

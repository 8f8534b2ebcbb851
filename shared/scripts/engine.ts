/**
 * The script engine: a pure state machine. apply(script, ctx, state, input) gives the
 * next state and the effects the console must carry out (listen, call, notify, arm or
 * disarm a timer), or says why the input is refused. No clock, no I/O, no randomness:
 * the same inputs always give the same state (trainers' replay depends on it).
 */
import { categoryOf } from '../domain/alarm-kinds';
import { closureCodesFor, closureNeedsNote } from './closure';
import { isEmergencyNumber, isEmergencyRef } from './contacts';
import { renderText, type ScriptContext } from './context';
import { MIN_REASON_LENGTH, orderInputs, type ScriptInput } from './inputs';
import { nextStepId, outcomesOf, type Script, type Step } from './schema';

export type StepStatus = 'pending' | 'current' | 'active' | 'done' | 'skipped';

export interface StepNote {
  at: string;
  operatorId: string;
  text: string;
}

export interface StepState {
  status: StepStatus;
  outcome: string | null;
  value: string | null;
  /** When it became the current step. */
  activatedAt: string | null;
  /** When the operator began it (Enter). */
  startedAt: string | null;
  doneAt: string | null;
  /** Wait steps: when it escalates. */
  deadlineAt: string | null;
  escalated: boolean;
  skipReason: string | null;
  notes: StepNote[];
}

export interface ScriptState {
  scriptId: string;
  version: number;
  startedAt: string;
  currentId: string | null;
  steps: Record<string, StepState>;
  /** Step ids in the order they became current. */
  path: string[];
  closed: { code: string; at: string; note: string | null; overrideReason: string | null; openSteps: string[] } | null;
  /** Number of inputs applied. */
  applied: number;
}

export type Effect =
  | { type: 'listen'; stepId: string; mode: 'discreet' | 'duplex' }
  | { type: 'call'; stepId: string; contact: string }
  | { type: 'notify'; stepId: string; contact: string; channel: 'sms' | 'email'; message: string }
  | { type: 'arm-timer'; stepId: string; at: string }
  | { type: 'disarm-timer'; stepId: string }
  | { type: 'escalated'; stepId: string; to: string | null };

export type ApplyResult = { ok: true; state: ScriptState; effects: Effect[] } | { ok: false; error: string };

const refuse = (error: string): ApplyResult => ({ ok: false, error });

function blankStep(): StepState {
  return { status: 'pending', outcome: null, value: null, activatedAt: null, startedAt: null, doneAt: null, deadlineAt: null, escalated: false, skipReason: null, notes: [] };
}

function stepOf(script: Script, id: string | null): { step: Step; index: number } | null {
  if (id === null) return null;
  const index = script.steps.findIndex((s) => s.id === id);
  return index < 0 ? null : { step: script.steps[index] as Step, index };
}

/** A drill must never reach 17, 18 or 15, by reference or by the number the directory gives. */
export function reachesEmergency(step: Step, ctx: ScriptContext): boolean {
  if (step.kind !== 'call' && step.kind !== 'notify') return false;
  return isEmergencyRef(step.contact) || isEmergencyNumber(ctx.contacts[step.contact]?.number);
}

function clone(state: ScriptState): ScriptState {
  const steps: Record<string, StepState> = {};
  for (const [k, v] of Object.entries(state.steps)) steps[k] = { ...v, notes: [...v.notes] };
  return { ...state, steps, path: [...state.path], closed: state.closed ? { ...state.closed, openSteps: [...state.closed.openSteps] } : null };
}

/** Makes `id` the current step at `at`; a wait step arms its deadline. */
function activate(script: Script, state: ScriptState, id: string | null, at: string, effects: Effect[]): void {
  state.currentId = id;
  const found = stepOf(script, id);
  if (!found) return;
  const s = state.steps[found.step.id] as StepState;
  s.status = 'current';
  s.activatedAt = at;
  state.path.push(found.step.id);
  if (found.step.kind === 'wait') {
    s.deadlineAt = new Date(Date.parse(at) + found.step.minutes * 60_000).toISOString();
    effects.push({ type: 'arm-timer', stepId: found.step.id, at: s.deadlineAt });
  }
}

export function startState(script: Script, input: Extract<ScriptInput, { type: 'start' }>): { state: ScriptState; effects: Effect[] } {
  const steps: Record<string, StepState> = {};
  for (const s of script.steps) steps[s.id] = blankStep();
  const state: ScriptState = { scriptId: script.id, version: script.version, startedAt: input.at, currentId: null, steps, path: [], closed: null, applied: 1 };
  const effects: Effect[] = [];
  activate(script, state, script.steps[0]?.id ?? null, input.at, effects);
  return { state, effects };
}

/**
 * Required steps still to do if the case closed now: the current step and those on its
 * default route (each step's `next` for any outcome, else the following step) up to a close step.
 */
export function openRequiredSteps(script: Script, state: ScriptState): string[] {
  const open: string[] = [];
  const seen = new Set<string>();
  let id = state.currentId;
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const found = stepOf(script, id);
    if (!found || found.step.kind === 'close') break;
    const st = state.steps[id];
    if (found.step.required && st && st.status !== 'done' && st.status !== 'skipped') open.push(id);
    id = nextStepId(script, found.index, 'default');
  }
  return open;
}

function finish(script: Script, state: ScriptState, index: number, outcome: string, at: string, effects: Effect[]): void {
  const step = script.steps[index] as Step;
  const s = state.steps[step.id] as StepState;
  if (step.kind === 'wait' && s.deadlineAt) effects.push({ type: 'disarm-timer', stepId: step.id });
  s.status = outcome === 'skipped' ? 'skipped' : 'done';
  s.outcome = outcome === 'skipped' ? null : outcome;
  s.doneAt = at;
  activate(script, state, nextStepId(script, index, outcome === 'skipped' ? 'default' : outcome), at, effects);
}

export function apply(script: Script, ctx: ScriptContext, state: ScriptState | null, input: ScriptInput): ApplyResult {
  if (input.type === 'start') {
    if (state) return refuse('Script déjà démarré pour ce dossier.');
    if (input.scriptId !== script.id || input.version !== script.version) return refuse(`Script ${input.scriptId} v${input.version} attendu, ${script.id} v${script.version} fourni.`);
    return { ok: true, ...startState(script, input) };
  }
  if (!state) return refuse('Script non démarré.');
  if (state.closed) return refuse('Dossier déjà clos : le script est terminé.');
  const next = clone(state);
  next.applied += 1;
  const effects: Effect[] = [];

  if (input.type === 'close') return close(script, ctx, next, input, effects);

  const found = stepOf(script, input.stepId);
  if (!found) return refuse(`Étape inconnue : ${input.stepId}.`);
  const { step, index } = found;
  const s = next.steps[step.id] as StepState;

  if (input.type === 'note') {
    s.notes.push({ at: input.at, operatorId: input.operatorId, text: input.text });
    return { ok: true, state: next, effects };
  }
  if (next.currentId !== step.id) return refuse(`L’étape « ${step.title} » n’est pas l’étape en cours.`);
  const drillBlocked = ctx.drill && reachesEmergency(step, ctx);

  switch (input.type) {
    case 'begin': {
      if (drillBlocked) return refuse('Exercice : aucun appel au 17, au 18 ni au 15. Passez l’étape (exercice chronométré et journalisé).');
      if (step.kind === 'close' || step.kind === 'wait') return refuse(`Une étape « ${step.kind} » ne se lance pas.`);
      s.status = 'active';
      s.startedAt = input.at;
      if (step.kind === 'listen') effects.push({ type: 'listen', stepId: step.id, mode: step.mode });
      if (step.kind === 'call') effects.push({ type: 'call', stepId: step.id, contact: step.contact });
      if (step.kind === 'notify') effects.push({ type: 'notify', stepId: step.id, contact: step.contact, channel: step.channel, message: renderText(step.message, ctx) });
      return { ok: true, state: next, effects };
    }
    case 'outcome': {
      if (step.kind === 'close') return refuse('Clore le dossier : choisissez un code de clôture.');
      if (input.outcome === 'deadline') return refuse('Le délai dépassé est constaté par la console, pas saisi.');
      if (!outcomesOf(step).includes(input.outcome)) return refuse(`Issue « ${input.outcome} » impossible pour cette étape (${outcomesOf(step).join(', ')}).`);
      if (drillBlocked) return refuse('Exercice : aucun appel au 17, au 18 ni au 15.');
      if (step.kind === 'question' && step.answer === 'input' && !input.value?.trim()) return refuse('Saisissez la réponse.');
      s.value = input.value ?? null;
      finish(script, next, index, input.outcome, input.at, effects);
      return { ok: true, state: next, effects };
    }
    case 'skip': {
      if (step.kind === 'close') return refuse('L’étape de clôture ne se passe pas : clore le dossier.');
      const reason = input.reason?.trim() ?? '';
      if (step.required && !drillBlocked && reason.length < MIN_REASON_LENGTH) return refuse('Étape obligatoire : indiquez pourquoi vous la passez.');
      s.skipReason = reason || (drillBlocked ? 'exercice : secours non appelés' : null);
      finish(script, next, index, 'skipped', input.at, effects);
      return { ok: true, state: next, effects };
    }
    case 'deadline': {
      if (step.kind !== 'wait' || !s.deadlineAt) return refuse('Cette étape n’a pas de délai.');
      if (Date.parse(input.at) < Date.parse(s.deadlineAt)) return refuse('Délai pas encore atteint.');
      s.escalated = true;
      finish(script, next, index, 'deadline', input.at, effects);
      effects.push({ type: 'escalated', stepId: step.id, to: next.currentId });
      return { ok: true, state: next, effects };
    }
  }
}

function close(script: Script, ctx: ScriptContext, next: ScriptState, input: Extract<ScriptInput, { type: 'close' }>, effects: Effect[]): ApplyResult {
  if (!closureCodesFor(ctx.kind, ctx.drill).includes(input.code)) return refuse(`Code de clôture « ${input.code} » inadapté à ce type d’alarme.`);
  if (closureNeedsNote(ctx.kind, ctx.drill, input.code) && !input.note?.trim()) {
    return refuse('Alarme vitale close en fausse alarme : une note est obligatoire.');
  }
  const open = openRequiredSteps(script, next);
  const reason = input.overrideReason?.trim() ?? '';
  if (open.length > 0 && reason.length < MIN_REASON_LENGTH) {
    const titles = open.map((id) => stepOf(script, id)?.step.title ?? id).join(', ');
    return refuse(`Étapes obligatoires non faites (${titles}) : indiquez le motif pour clore quand même.`);
  }
  const current = stepOf(script, next.currentId);
  if (current?.step.kind === 'wait') effects.push({ type: 'disarm-timer', stepId: current.step.id });
  if (current) {
    const s = next.steps[current.step.id] as StepState;
    if (current.step.kind === 'close') {
      s.status = 'done';
      s.outcome = input.code;
      s.doneAt = input.at;
    }
  }
  next.closed = { code: input.code, at: input.at, note: input.note?.trim() || null, overrideReason: open.length > 0 ? reason : null, openSteps: open };
  next.currentId = null;
  return { ok: true, state: next, effects };
}

export interface Replay {
  state: ScriptState | null;
  /** Inputs the engine refused on replay (kept, never applied): [input id, why]. */
  refused: [string, string][];
}

/** The state after every input, in order; refused inputs are reported, not applied. */
export function replay(script: Script, ctx: ScriptContext, inputs: readonly ScriptInput[]): Replay {
  let state: ScriptState | null = null;
  const refused: [string, string][] = [];
  for (const input of orderInputs(inputs)) {
    const r = apply(script, ctx, state, input);
    if (r.ok) state = r.state;
    else refused.push([input.id, r.error]);
  }
  return { state, refused };
}

/** Wait steps whose timer should run now: the console re-arms them after a restart. */
export function armedTimers(script: Script, state: ScriptState | null): { stepId: string; at: string }[] {
  if (!state || state.closed || !state.currentId) return [];
  const cur = stepOf(script, state.currentId);
  const s = state.steps[state.currentId];
  return cur?.step.kind === 'wait' && s?.deadlineAt ? [{ stepId: cur.step.id, at: s.deadlineAt }] : [];
}

export function isLifeSafety(ctx: Pick<ScriptContext, 'kind'>): boolean {
  return categoryOf(ctx.kind) === 'life-safety';
}

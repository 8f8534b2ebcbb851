/**
 * The escalation script format (docs/SCRIPTS.md): one YAML file per script, validated
 * here. A script is chosen by alarm kind (and drill or not), may be limited to some
 * sites (an override) and to some times (school hours, nights, weekends, holidays).
 * Its steps run in file order unless a step says where each outcome goes (`next`).
 */
import { z } from 'zod';
import { AlarmKind } from '../domain/alarm-kinds';
import { ClosureCode } from '../domain/case';
import { ContactRef } from './contacts';

export const StepId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'expected a short id in lower case (letters, digits, -)');

/** The outcomes each step kind can end with: the keys of `next`. */
export const OUTCOMES = {
  listen: ['confirmed', 'false-alarm', 'doubt'],
  call: ['reached', 'no-answer', 'busy'],
  notify: ['sent', 'failed'],
  'question-yes-no': ['yes', 'no'],
  'question-input': ['answered'],
  wait: ['done', 'deadline'],
  info: ['read'],
  close: [],
} as const;
export type Outcome = (typeof OUTCOMES)[keyof typeof OUTCOMES][number];

const Next = z.union([StepId, z.record(z.string(), StepId)]);

const base = {
  id: StepId,
  /** What the operator reads on the step (French). */
  title: z.string().min(1).max(120),
  title_en: z.string().min(1).max(120).optional(),
  /** A required step must be done (or the operator overrides with a reason) before the case can close. */
  required: z.boolean().default(true),
  /** Text to read out or to keep in mind; {site}, {address}, {beacon}, {text}, {kind} are filled in. */
  say: z.string().max(1000).optional(),
  /** Where to go next: one step for every outcome, or per outcome (`default` for the rest). Absent: the next step in the file. */
  next: Next.optional(),
};

export const ListenStep = z.object({ ...base, kind: z.literal('listen'), mode: z.enum(['discreet', 'duplex']) }).strict();
export const CallStep = z.object({ ...base, kind: z.literal('call'), contact: ContactRef }).strict();
export const NotifyStep = z
  .object({ ...base, kind: z.literal('notify'), contact: ContactRef, channel: z.enum(['sms', 'email']), message: z.string().min(1).max(480) })
  .strict();
export const QuestionStep = z
  .object({ ...base, kind: z.literal('question'), question: z.string().min(1).max(300), answer: z.enum(['yes-no', 'input']).default('yes-no') })
  .strict();
export const WaitStep = z
  .object({
    ...base,
    kind: z.literal('wait'),
    /** How long to wait for the event (a restore, a call back) before escalating. */
    minutes: z.number().positive().max(24 * 60),
    /** What ends the wait early: a restore alarm on the case, or the operator saying so. */
    until: z.enum(['restore', 'operator']).default('operator'),
    /** The step the case goes to when the deadline passes. */
    escalate: StepId,
  })
  .strict();
export const InfoStep = z.object({ ...base, kind: z.literal('info'), text: z.string().min(1).max(1000) }).strict();
export const CloseStep = z.object({ ...base, kind: z.literal('close'), codes: z.array(ClosureCode).min(1).optional() }).strict();

export const Step = z.discriminatedUnion('kind', [ListenStep, CallStep, NotifyStep, QuestionStep, WaitStep, InfoStep, CloseStep]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];

export const SCHEDULES = ['school-hours', 'nights', 'weekends', 'holidays'] as const;
export const Schedule = z.enum(SCHEDULES);
export type Schedule = z.infer<typeof Schedule>;

export const Script = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'expected an id in lower case (letters, digits, . and -)'),
    /** Bumped on every change: a case records the version it followed. */
    version: z.number().int().positive(),
    title: z.string().min(1).max(120),
    title_en: z.string().min(1).max(120).optional(),
    kinds: z.array(AlarmKind).min(1),
    /** A script for registered drills: never reaches 17, 18 or 15. */
    drill: z.boolean().default(false),
    /** Only for these sites (a per-site override beats the general script). */
    sites: z.array(z.string().min(1).max(64)).min(1).optional(),
    /** Only at these times (beats a script without `when`). */
    when: z.array(Schedule).min(1).optional(),
    steps: z.array(Step).min(1).max(40),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.steps.forEach((step, i) => {
      if (ids.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `step id "${step.id}" used twice` });
      ids.add(step.id);
    });
    s.steps.forEach((step, i) => {
      for (const [key, target] of nextTargets(step)) {
        if (!ids.has(target)) ctx.addIssue({ code: 'custom', path: ['steps', i, key === 'escalate' ? 'escalate' : 'next'], message: `unknown step "${target}"` });
        if (key !== 'escalate' && key !== '*' && key !== 'default' && !outcomesOf(step).includes(key)) {
          ctx.addIssue({ code: 'custom', path: ['steps', i, 'next', key], message: `a ${step.kind} step has no outcome "${key}" (${outcomesOf(step).join(', ')})` });
        }
      }
    });
  });
export type Script = z.infer<typeof Script>;

export function outcomesOf(step: Step): readonly string[] {
  if (step.kind === 'question') return step.answer === 'input' ? OUTCOMES['question-input'] : OUTCOMES['question-yes-no'];
  return OUTCOMES[step.kind];
}

/** [outcome or '*' or 'default' or 'escalate', target] for every explicit link of a step. */
export function nextTargets(step: Step): [string, string][] {
  const out: [string, string][] = [];
  if (typeof step.next === 'string') out.push(['*', step.next]);
  else if (step.next) out.push(...Object.entries(step.next));
  if (step.kind === 'wait') out.push(['escalate', step.escalate]);
  return out;
}

/** Where an outcome of the step at `index` leads: a step id, or null when the script ends there. */
export function nextStepId(script: Script, index: number, outcome: string): string | null {
  const step = script.steps[index];
  if (!step || step.kind === 'close') return null;
  if (step.kind === 'wait' && outcome === 'deadline') return step.escalate;
  if (typeof step.next === 'string') return step.next;
  const mapped = step.next?.[outcome] ?? step.next?.default;
  if (mapped) return mapped;
  return script.steps[index + 1]?.id ?? null;
}

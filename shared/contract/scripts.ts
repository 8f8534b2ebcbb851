/**
 * Escalation scripts (issue 8): the case's procedure as the renderer shows it, and the
 * operator's acts on it. main/scripts applies each act through the pure engine
 * (shared/scripts), journals it, carries out its effects and shares the state with the hub.
 */
import { z } from 'zod';
import { ClosureCode } from '../domain/case';
import { ResolvedContact } from '../scripts/contacts';
import { Script } from '../scripts/schema';
import { CommandResult } from './commands';
import type { RequestAccess } from './access';

const Id = z.string().min(1).max(64);

const StepStateSchema = z.object({
  status: z.enum(['pending', 'current', 'active', 'done', 'skipped']),
  outcome: z.string().nullable(),
  value: z.string().nullable(),
  activatedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  escalated: z.boolean(),
  skipReason: z.string().nullable(),
  notes: z.array(z.object({ at: z.string(), operatorId: z.string(), text: z.string() })),
});

export const ScriptStateSchema = z.object({
  scriptId: z.string(),
  version: z.number().int(),
  startedAt: z.string(),
  currentId: z.string().nullable(),
  steps: z.record(z.string(), StepStateSchema),
  path: z.array(z.string()),
  closed: z
    .object({ code: z.string(), at: z.string(), note: z.string().nullable(), overrideReason: z.string().nullable(), openSteps: z.array(z.string()) })
    .nullable(),
  applied: z.number().int(),
});

/** What a step's effect did: a message sent (or not) through the gateway, a call or a listening the voice service could not open. */
export const SentNotice = z.object({ stepId: z.string(), channel: z.enum(['sms', 'email', 'call', 'listen']), to: z.string(), ok: z.boolean(), detail: z.string() });
export type SentNotice = z.infer<typeof SentNotice>;

export const ScriptView = z.object({
  caseId: Id,
  /** The script this case follows (the version it started with), or null when none fits. */
  script: Script.nullable(),
  /** null until the owner's console starts it (at the claim). */
  state: ScriptStateSchema.nullable(),
  contacts: z.record(z.string(), ResolvedContact),
  /** Required steps still to do if the case closed now. */
  openRequired: z.array(z.string()),
  /** Closure codes that fit the kind (drill or not), and those that need a note. */
  closureCodes: z.array(ClosureCode),
  noteRequired: z.array(ClosureCode),
  drill: z.boolean(),
  /** Calls go through the console's voice service; false: the step shows the number to dial. */
  voice: z.boolean(),
  /** The hub holds this state (a supervisor taking over continues from it). */
  shared: z.boolean(),
  notices: z.array(SentNotice),
  /** Why no script runs (no script fits, case unknown). */
  problem: z.string().nullable(),
});
export type ScriptView = z.infer<typeof ScriptView>;

export const ScriptAct = z.discriminatedUnion('type', [
  z.object({ type: z.literal('begin'), stepId: Id }).strict(),
  z.object({ type: z.literal('outcome'), stepId: Id, outcome: z.string().min(1).max(32), value: z.string().max(500).optional() }).strict(),
  z.object({ type: z.literal('skip'), stepId: Id, reason: z.string().max(500).optional() }).strict(),
  z.object({ type: z.literal('note'), stepId: Id, text: z.string().trim().min(1).max(1000) }).strict(),
]);
export type ScriptAct = z.infer<typeof ScriptAct>;

export const scriptRequests = {
  'scripts.get': { args: z.object({ caseId: Id }).strict(), result: ScriptView },
  /** Enter on a step, an outcome, a skip, a note: applied by the engine, journaled, effects carried out. */
  'scripts.act': { args: z.object({ caseId: Id, act: ScriptAct }).strict(), result: ScriptView },
  /** Closes the case through its script: refused while required steps are open, unless a reason is given (journaled). */
  'scripts.close': {
    args: z
      .object({ caseId: Id, closureCode: ClosureCode, note: z.string().max(2000).optional(), overrideReason: z.string().max(500).optional() })
      .strict(),
    result: z.object({ view: ScriptView, result: CommandResult }),
  },
} as const;

export const scriptEvents = {
  /** A case's script changed (this console's act, a timer, a colleague's act through the hub). */
  'scripts.changed': ScriptView,
} as const;

export const scriptAccess = {
  'scripts.get': 'operator',
  'scripts.act': 'operator',
  'scripts.close': 'operator',
} as const satisfies Record<keyof typeof scriptRequests, RequestAccess>;

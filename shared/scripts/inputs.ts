/**
 * What moves a script forward: the operator's acts, a timer, a closure. Each input is
 * journaled as it is applied and kept with the case (console and hub), so the script's
 * state is always a replay of its inputs: a supervisor taking over, a console that
 * restarted and a trainer's replay all compute the same state.
 */
import { z } from 'zod';
import { ClosureCode } from '../domain/case';

const common = {
  /** ULID (the journal event's id): orders inputs from several consoles. */
  id: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }),
  operatorId: z.string().min(1).max(64),
};
const stepRef = { stepId: z.string().min(1).max(48) };

export const ScriptInput = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('start'), scriptId: z.string().min(1).max(64), version: z.number().int().positive() }),
  /** Enter on the step: start listening, place the call, send the message. */
  z.object({ ...common, ...stepRef, type: z.literal('begin') }),
  z.object({ ...common, ...stepRef, type: z.literal('outcome'), outcome: z.string().min(1).max(32), value: z.string().max(500).optional() }),
  /** An optional step passed over; a required one only with a reason (an override). */
  z.object({ ...common, ...stepRef, type: z.literal('skip'), reason: z.string().max(500).optional() }),
  z.object({ ...common, ...stepRef, type: z.literal('note'), text: z.string().min(1).max(1000) }),
  /** The wait step's deadline passed (the console's timer): the script escalates. */
  z.object({ ...common, ...stepRef, type: z.literal('deadline') }),
  z.object({
    ...common,
    type: z.literal('close'),
    code: ClosureCode,
    note: z.string().max(2000).optional(),
    /** Closing while required steps are open: the operator's reason, journaled. */
    overrideReason: z.string().max(500).optional(),
  }),
]);
export type ScriptInput = z.infer<typeof ScriptInput>;
export type ScriptInputType = ScriptInput['type'];

/** Inputs in the order the engine applies them: by time, then by id (ULIDs from several consoles). */
export function orderInputs(inputs: readonly ScriptInput[]): ScriptInput[] {
  const seen = new Set<string>();
  return [...inputs]
    .filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)))
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1));
}

/** Minimum length of an override reason: a word or two is not a reason. */
export const MIN_REASON_LENGTH = 5;

/**
 * Operator commands as the console queues them (main/commands): claim, release
 * and close go to the hub with an id kept across reconnects and restarts, and
 * wait in the queue while the hub is away. What a request answers, and what
 * `commands.list` / `commands.changed` show.
 */
import { z } from 'zod';
import { Case, CaseOwner, ClosureCode } from '../domain/case';

export const CommandType = z.enum(['claim', 'release', 'close']);
export type CommandType = z.infer<typeof CommandType>;

export const CommandState = z.enum(['pending', 'applied', 'refused']);
export type CommandState = z.infer<typeof CommandState>;

export const ConsoleCommand = z.object({
  commandId: z.string(),
  operatorId: z.string(),
  operatorName: z.string(),
  type: CommandType,
  caseId: z.string(),
  closureCode: ClosureCode.nullable(),
  note: z.string().nullable(),
  state: CommandState,
  /** Why the hub refused it (hub code such as already-closed, and its French message). */
  refusal: z.object({ code: z.string(), message: z.string(), owner: CaseOwner.optional() }).nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});
export type ConsoleCommand = z.infer<typeof ConsoleCommand>;

/**
 * A case command's answer: applied by the hub within a few seconds, or still
 * queued (the hub is away or slow; `commands.changed` tells the outcome later).
 * A refusal is an error, as for any request.
 */
export const CommandResult = z.discriminatedUnion('state', [
  z.object({ state: z.literal('applied'), case: Case }),
  z.object({ state: z.literal('queued'), commandId: z.string() }),
]);
export type CommandResult = z.infer<typeof CommandResult>;

/**
 * The request map: every call the renderer can make to main, with the zod
 * schemas of its argument and result. The host validates every argument.
 */
import { z } from 'zod';
import { Case, ClosureCode } from '../domain/case';
import { CaseHistoryView } from '../domain/case-history';
import { JournalEvent } from '../domain/journal';
import { Credentials, Operator } from '../domain/operator';
import { SessionEndReason } from '../hub-protocol/console';
import { CommandResult, ConsoleCommand } from './commands';
import { directoryRequests } from './directory';
import { scriptRequests } from './scripts';
import { voiceRequests } from './voice';

const Empty = z.object({}).strict();
const CaseRef = z.object({ caseId: z.string().min(1).max(64) }).strict();

export const HubStatus = z.object({
  url: z.string(),
  /** Embedded hub with simulated beacons: the UI labels it. */
  demo: z.boolean(),
  connected: z.boolean(),
  lastError: z.string().nullable(),
});
export type HubStatus = z.infer<typeof HubStatus>;

/** Why the last session on this console ended without a logout (hub revocation, password change, account removal, 12 h). */
export const SessionEnd = z.object({ reason: SessionEndReason, at: z.string() });
export type SessionEnd = z.infer<typeof SessionEnd>;

/** `ended`: set when the hub ended the session, cleared at the next login; the login screen says why. */
export const SessionState = z.object({ operator: Operator.nullable(), hub: HubStatus, ended: SessionEnd.nullable().optional() });
export type SessionState = z.infer<typeof SessionState>;

export const AppInfo = z.object({
  version: z.string(),
  runtime: z.enum(['electron', 'browser']),
  capabilities: z.object({ nativeNotifications: z.boolean() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const OutboxStatus = z.object({
  /** Journal events still to send to the hub. */
  pending: z.number().int().nonnegative(),
  /** Events the hub refused (or that could not be sent): kept in the outbox with the reason, never resent. */
  refused: z.number().int().nonnegative(),
  lastSentAt: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const requestSchemas = {
  'app.info': { args: Empty, result: AppInfo },
  'session.get': { args: Empty, result: SessionState },
  'session.login': { args: Credentials.strict(), result: SessionState },
  'session.logout': { args: Empty, result: SessionState },
  'cases.list': { args: Empty, result: z.array(Case) },
  // Applied by the hub, or queued while it is away (never an error for that): see ./commands.
  'cases.claim': { args: CaseRef, result: CommandResult },
  'cases.release': { args: CaseRef, result: CommandResult },
  'cases.close': {
    args: z.object({ caseId: z.string().min(1).max(64), closureCode: ClosureCode, note: z.string().max(2000).optional() }).strict(),
    result: CommandResult,
  },
  /** This console's commands still waiting for the hub, and those settled recently. */
  'commands.list': { args: Empty, result: z.array(ConsoleCommand) },
  /** The case history: the hub's, merged with this console's events not yet at the hub (pending). */
  'cases.history': { args: CaseRef, result: CaseHistoryView },
  'journal.list': {
    args: z.object({ caseId: z.string().max(64).optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    result: z.array(JournalEvent),
  },
  'journal.outbox': { args: Empty, result: OutboxStatus },
  ...directoryRequests,
  ...scriptRequests,
  ...voiceRequests,
} as const;

export type RequestSchemas = typeof requestSchemas;
export type RequestName = keyof RequestSchemas;
/** What the caller passes (defaults may be omitted). */
export type RequestArgs<K extends RequestName> = z.input<RequestSchemas[K]['args']>;
/** What the handler receives, after validation and defaults. */
export type ParsedArgs<K extends RequestName> = z.output<RequestSchemas[K]['args']>;
export type RequestResult<K extends RequestName> = z.output<RequestSchemas[K]['result']>;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

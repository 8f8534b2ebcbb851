/** The event map: what main pushes to the renderer. */
import { z } from 'zod';
import { Case } from '../domain/case';
import { CaseHistoryView } from '../domain/case-history';
import { JournalEvent } from '../domain/journal';
import { ConsoleCommand } from './commands';
import { directoryEvents } from './directory';
import { scriptEvents } from './scripts';
import { HubStatus, OutboxStatus, SessionState } from './requests';
import { voiceEvents } from './voice';

export const eventSchemas = {
  /** Full list of open cases, after a (re)connect or a login. */
  'cases.snapshot': z.object({ cases: z.array(Case) }),
  /** One case changed (new, claimed, released, closed). */
  'cases.changed': z.object({ case: Case }),
  'hub.status': HubStatus,
  'session.changed': SessionState,
  'journal.appended': JournalEvent,
  /** New or changed entries of a case history asked for (merge by id); hubAvailable when it changes. */
  'cases.history': CaseHistoryView,
  'journal.outbox': OutboxStatus,
  /** A command was queued, or the hub's answer to it settled it (applied or refused). */
  'commands.changed': z.object({ command: ConsoleCommand }),
  ...directoryEvents,
  ...scriptEvents,
  ...voiceEvents,
} as const;

export type EventSchemas = typeof eventSchemas;
export type EventName = keyof EventSchemas;
export type EventPayload<K extends EventName> = z.output<EventSchemas[K]>;

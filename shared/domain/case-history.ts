/**
 * One case history: the hub's own events on a case (alarm received, claimed,
 * released, closed) and every console's journal events about it, as one list.
 * A console adds its own events not yet at the hub, marked `pending`.
 *
 * The hub's events are dated by the hub's clock and each console's by its own:
 * the list is ordered by `at`, then by id, and a few milliseconds of clock skew
 * between machines may swap neighbours.
 */
import { z } from 'zod';

/** Types the hub writes in its own case history (`case_events`). */
export const HUB_CASE_EVENT_TYPES = ['alarm.received', 'case.opened', 'case.claimed', 'case.released', 'case.closed'] as const;
export type HubCaseEventType = (typeof HUB_CASE_EVENT_TYPES)[number];

export const HistoryActor = z.object({ operatorId: z.string().min(1).max(64), displayName: z.string().max(200) });
export type HistoryActor = z.infer<typeof HistoryActor>;

export const CaseHistoryEntry = z.object({
  /** ULID: a console journal event keeps its own id, so the hub's copy and the local one merge. */
  id: z.string().min(1).max(64),
  at: z.string(),
  /** Who wrote it: the hub (its own decision or intake) or a console's journal. */
  source: z.enum(['hub', 'console']),
  /** Any well-formed type: a newer console's or hub's types are shown by name. */
  type: z.string().min(1).max(64),
  /** null for the hub's own events with no operator (alarm intake). */
  actor: HistoryActor.nullable(),
  consoleId: z.string().max(64).optional(),
  /** null once purged by retention. */
  payload: z.record(z.string(), z.unknown()).nullable(),
  /** A console event still in this console's outbox: not (yet) at the hub. */
  pending: z.boolean().optional(),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

/** At most this many entries per case in one answer (the most recent ones). */
export const MAX_CASE_HISTORY_ENTRIES = 500;

/** Socket events between console and hub for the case history (docs/PROTOCOL.md 1.8). */
export const CaseHistoryHubEvents = {
  /** console → hub with ack: {caseId}; the answer, and live pushes for that case from then on. */
  request: 'case.history',
  /** hub → console: new entries of a case this connection asked about. */
  push: 'case.history',
} as const;

export const CaseHistoryRequest = z.object({ caseId: z.string().min(1).max(64) });

export const CaseHistoryPush = z.object({ caseId: z.string().min(1).max(64), entries: z.array(CaseHistoryEntry) });
export type CaseHistoryPush = z.infer<typeof CaseHistoryPush>;

export const CaseHistoryAck = z.union([
  z.object({ ok: z.literal(true), caseId: z.string(), entries: z.array(CaseHistoryEntry), truncated: z.boolean() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type CaseHistoryAck = z.infer<typeof CaseHistoryAck>;

/** What the console's `cases.history` request answers and its `cases.history` event carries. */
export const CaseHistoryView = z.object({
  caseId: z.string(),
  entries: z.array(CaseHistoryEntry),
  /**
   * false: the hub's history could not be read (hub away): only this console's events are
   * shown. Absent in a live push that does not change it.
   */
  hubAvailable: z.boolean().optional(),
});
export type CaseHistoryView = z.infer<typeof CaseHistoryView>;

export function compareHistory(a: CaseHistoryEntry, b: CaseHistoryEntry): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Merges entries by id, in time order. An entry known to be at the hub stays so: a
 * late answer still saying `pending` for it (read before the outbox sent it) never
 * brings the marker back.
 */
export function mergeHistory(current: readonly CaseHistoryEntry[], incoming: readonly CaseHistoryEntry[]): CaseHistoryEntry[] {
  const byId = new Map(current.map((e) => [e.id, e]));
  for (const e of incoming) {
    const known = byId.get(e.id);
    if (known && !known.pending && e.pending) continue;
    byId.set(e.id, e);
  }
  return [...byId.values()].sort(compareHistory);
}

/** Whose case it was when a supervisor released or closed it, if the payload says. */
export function previousOwnerOf(e: CaseHistoryEntry): HistoryActor | null {
  const p = HistoryActor.safeParse(e.payload?.previousOwner);
  return p.success ? p.data : null;
}

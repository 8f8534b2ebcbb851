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
export const HUB_CASE_EVENT_TYPES = [
  'alarm.received',
  'case.opened',
  'case.claimed',
  'case.released',
  'case.closed',
  /** A beacon's information update (SCAIP mty=IN) about one of the case's alarms. */
  'alarm.info',
  /** The beacon gave up waiting for the centre (SCAIP mty=RE): the case stays open, marked. */
  'alarm.aborted',
  /** A call to or from the case's beacon the hub refused (not taken, not the owner, console not registered). */
  'voice.refused',
] as const;
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

/** A console's record of the hub's answer, and the hub event that records the same change. */
const OUTCOME_TYPES = new Set(['case.claimed', 'case.released', 'case.closed']);
const INTENT_TYPES = new Set(['case.claim-requested', 'case.release-requested', 'case.close-requested']);
/** A console's outcome and the hub's event of the same change are this close in time (two clocks). */
const SAME_CHANGE_MS = 15_000;

/**
 * The history as an operator reads it: one line per thing that happened. A command leaves
 * up to three entries (the console's request, the hub's decision, the console's record of
 * it); this keeps the hub's decision, the console's copy only when the hub's is missing, and
 * the request only while it has no answer (still waiting, or the hub away). Refusals, and
 * everything else, stay. The full list is still there for whoever asks for it.
 */
export function operatorHistory(entries: readonly CaseHistoryEntry[]): CaseHistoryEntry[] {
  const commandId = (e: CaseHistoryEntry) => (typeof e.payload?.commandId === 'string' ? e.payload.commandId : null);
  const answered = new Set<string>();
  for (const e of entries) {
    const id = commandId(e);
    if (id && e.source === 'console' && !INTENT_TYPES.has(e.type)) answered.add(id);
  }
  const hubChanges = entries.filter((e) => e.source === 'hub' && OUTCOME_TYPES.has(e.type));
  const recordedByHub = (e: CaseHistoryEntry) =>
    hubChanges.some((h) => h.type === e.type && h.actor?.operatorId === e.actor?.operatorId && Math.abs(Date.parse(h.at) - Date.parse(e.at)) <= SAME_CHANGE_MS);
  return entries.filter((e) => {
    if (e.source !== 'console') return true;
    const id = commandId(e);
    if (INTENT_TYPES.has(e.type)) return !(id && answered.has(id));
    if (OUTCOME_TYPES.has(e.type)) return !recordedByHub(e);
    return true;
  });
}

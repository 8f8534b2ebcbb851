/**
 * Journal events: every operator action, written locally first (the commit),
 * then sent to the hub through an outbox. Chained by hash for tamper evidence.
 */
import { z } from 'zod';

export const JOURNAL_TYPES = [
  'session.login',
  'session.logout',
  'case.claimed',
  'case.claim-refused',
  'case.released',
  'case.closed',
] as const;
export const JournalType = z.enum(JOURNAL_TYPES);
export type JournalType = z.infer<typeof JournalType>;

export const JournalEvent = z.object({
  /** ULID: sortable by creation time, unique across consoles. */
  id: z.string().length(26),
  at: z.string(),
  operatorId: z.string(),
  caseId: z.string().nullable(),
  type: JournalType,
  payload: z.record(z.string(), z.unknown()),
  /** Console that wrote the event, so the hub can tell chains apart. */
  consoleId: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type JournalEvent = z.infer<typeof JournalEvent>;

/**
 * The exact text hashed for the chain: hash = sha256(prevHash + '\n' + this).
 * Kept here so the console and the hub compute it identically.
 */
export function journalHashInput(e: Omit<JournalEvent, 'hash' | 'prevHash'>): string {
  return JSON.stringify([e.id, e.at, e.consoleId, e.operatorId, e.caseId, e.type, canonical(e.payload)]);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export const GENESIS_HASH = '0'.repeat(64);

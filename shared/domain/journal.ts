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

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');
/** A journal payload is a few fields, never a document: bounded so a batch cannot be abused. */
export const MAX_JOURNAL_PAYLOAD_CHARS = 8_192;

export const JournalEvent = z.object({
  /** ULID: sortable by creation time, unique across consoles. */
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'expected a ULID'),
  at: z.iso.datetime({ offset: true }),
  operatorId: z.string(),
  caseId: z.string().nullable(),
  type: JournalType,
  payload: z
    .record(z.string(), z.unknown())
    .refine((p) => JSON.stringify(p).length <= MAX_JOURNAL_PAYLOAD_CHARS, `payload over ${MAX_JOURNAL_PAYLOAD_CHARS} characters`),
  /** Console that wrote the event, so the hub can tell chains apart. */
  consoleId: z.string(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
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

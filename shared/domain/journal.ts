/**
 * Journal events: every operator action, written locally first (the commit),
 * then sent to the hub through an outbox. Chained by hash for tamper evidence.
 *
 * The chain hashes a digest of the payload, not the payload itself, so a
 * retention purge can remove personal data (payload → null) while every link
 * of the chain still verifies.
 */
import { z } from 'zod';

/**
 * Types this version of Veille writes and labels. The wire accepts any well-formed
 * type name: a newer console's events are stored as they are, never refused for it.
 */
export const KNOWN_JOURNAL_TYPES = [
  'session.login',
  'session.logout',
  'session.ended',
  // Commands: the operator's intent when made, then the hub's outcome when it comes, once each.
  'case.claim-requested',
  'case.claimed',
  'case.claim-refused',
  'case.release-requested',
  'case.released',
  'case.release-refused',
  'case.close-requested',
  'case.closed',
  'case.close-refused',
  // Site directory: an admin's edit (the hub journals it too), a site's access codes read for a case.
  'directory.edited',
  'directory.access-codes-shown',
  // Retention: personal data removed from older events, hashes kept.
  'journal.purged',
  // Escalation scripts (main/scripts): one event per input the engine applied (the script's
  // state is their replay), each step's outcome, a passed deadline, a closure override's reason.
  'script.started',
  'script.step-begun',
  'script.step-done',
  'script.step-skipped',
  'script.note',
  'script.deadline-passed',
  'script.override',
  'script.closed',
  // Voice (main/voice): calls with beacons and outside parties, each listening or talking period,
  // refused attempts (privacy guard), bridges, and each call's recording with its SHA-256.
  'voice.call-started',
  'voice.call-answered',
  'voice.call-ended',
  'voice.call-refused',
  'voice.period',
  'voice.bridged',
  'voice.unbridged',
  'voice.recorded',
  // Retention deleted the WAV files of calls older than the period (their SHA-256 stay in voice.recorded).
  'voice.recordings-purged',
] as const;
export type KnownJournalType = (typeof KNOWN_JOURNAL_TYPES)[number];

/** operatorId of the events a console writes on its own behalf (a retention purge), not an operator's. */
export const CONSOLE_SYSTEM_OPERATOR = 'system';
const KNOWN = new Set<string>(KNOWN_JOURNAL_TYPES);
export const isKnownJournalType = (t: string): t is KnownJournalType => KNOWN.has(t);

/** `area.action` in lower case: what every type, known or future, looks like. */
export const JournalTypeName = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){1,3}$/, 'expected a type such as "case.claimed"');
export type JournalType = string;

/** A journal payload is a few fields, never a document: bounded so a batch cannot be abused. */
export const MAX_JOURNAL_PAYLOAD_BYTES = 8_192;
/** Deep enough for any real payload, shallow enough that no recursive walk can overflow. */
export const MAX_JOURNAL_PAYLOAD_DEPTH = 16;

/**
 * Why a payload may not be journaled (too deep, too large, not JSON), or null. Walks
 * iteratively and checks depth before anything recursive (JSON.stringify) touches it.
 */
export function payloadProblem(payload: unknown): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: payload, depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_JOURNAL_PAYLOAD_DEPTH) return `payload nested deeper than ${MAX_JOURNAL_PAYLOAD_DEPTH} levels`;
    if (++nodes > MAX_JOURNAL_PAYLOAD_BYTES) return `payload over ${MAX_JOURNAL_PAYLOAD_BYTES} bytes`;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch {
    return 'payload is not JSON (cycle or unsupported value)';
  }
  if (text === undefined) return 'payload is not JSON';
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_JOURNAL_PAYLOAD_BYTES) return `payload of ${bytes} bytes, over ${MAX_JOURNAL_PAYLOAD_BYTES}`;
  return null;
}

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'expected a ULID');

export const JournalEvent = z.object({
  /** ULID: sortable by creation time, unique across consoles. */
  id: Ulid,
  at: z.iso.datetime({ offset: true }),
  operatorId: z.string().min(1).max(64),
  caseId: z.string().min(1).max(64).nullable(),
  type: JournalTypeName,
  /** null once removed by a retention purge; payloadHash still proves what it was. */
  payload: z
    .record(z.string(), z.unknown())
    .nullable()
    .superRefine((p, ctx) => {
      const problem = p === null ? null : payloadProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** sha256 of payloadDigestInput(payload), hex. */
  payloadHash: Sha256Hex,
  /** Console that wrote the event, so the hub can tell chains apart. */
  consoleId: z.string().min(1).max(64),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type JournalEvent = z.infer<typeof JournalEvent>;

/** The exact text whose sha256 is payloadHash; call only on a payload payloadProblem() accepts. */
export function payloadDigestInput(payload: Record<string, unknown>): string {
  return JSON.stringify(canonical(payload));
}

/**
 * The exact text hashed for the chain: hash = sha256(prevHash + '\n' + this).
 * Kept here so the console, the hub and journal:verify compute it identically.
 */
export function journalHashInput(e: Omit<JournalEvent, 'hash' | 'prevHash' | 'payload'>): string {
  return JSON.stringify([e.id, e.at, e.consoleId, e.operatorId, e.caseId, e.type, e.payloadHash]);
}

/** sha256 of a UTF-8 string as lower-case hex; Node-side callers pass node:crypto's. */
export type Sha256 = (text: string) => string;

export function computePayloadHash(sha256: Sha256, payload: Record<string, unknown>): string {
  return sha256(payloadDigestInput(payload));
}

export function computeChainHash(sha256: Sha256, prevHash: string, e: Omit<JournalEvent, 'hash' | 'prevHash' | 'payload'>): string {
  return sha256(`${prevHash}\n${journalHashInput(e)}`);
}

/**
 * What is wrong with one event's own hashes, or null: its payload (when not purged) must
 * match payloadHash, and hash must follow from prevHash. Links between events are the
 * caller's to check.
 */
export function eventHashProblem(sha256: Sha256, e: JournalEvent): 'payload-hash' | 'hash' | null {
  if (e.payload !== null && computePayloadHash(sha256, e.payload) !== e.payloadHash) return 'payload-hash';
  if (computeChainHash(sha256, e.prevHash, e) !== e.hash) return 'hash';
  return null;
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

/**
 * Stores a journal batch from one authenticated console. Each item is judged on its own
 * (screen.ts: shape, depth, size, hashes), then against what the hub holds:
 *  - consoleId must be the authenticated console's, and operatorId an operator who has
 *    logged in on it, or the console itself (CONSOLE_SYSTEM_OPERATOR) (`forbidden` otherwise:
 *    a console never writes another's chain or a stranger's name);
 *  - a ULID already stored with the same hash is a `duplicate` (a resend is harmless),
 *    with another hash a `conflict`;
 *  - an event about a case this hub does not know is stored anyway (legal memory) and
 *    accepted with a note; an event type this hub does not know is stored as it is.
 * Chain continuity: a stored event whose prevHash is neither genesis nor the hash of a
 * stored event of its console opens a gap (journal_gaps); the missing event closes it.
 * Short transactions (storeChunk), a handful of statements each, outside the case lanes:
 * journal work never queues alarm intake behind a whole batch.
 */
import { CONSOLE_SYSTEM_OPERATOR, GENESIS_HASH, computeChainHash, type JournalEvent } from '@shared/domain/journal';
import type { JournalEventResult, JournalGap } from '@shared/hub-protocol/journal';
import { operatorsOfConsole } from '../auth/consoles';
import type { HubDb } from '../db/database';
import { clip } from '../issues';
import { sha256 } from './hash';
import { hashRefusal, itemId, screenItem } from './screen';

export { sha256 };

export function expectedHash(e: JournalEvent): string {
  return computeChainHash(sha256, e.prevHash, e);
}

export interface StoredBatch {
  /** results[i] answers items[i]. */
  results: JournalEventResult[];
  /** Events stored by this batch (not duplicates), in batch order. */
  stored: JournalEvent[];
  opened: JournalGap[];
  /** Gaps this batch filled. */
  closed: JournalGap[];
}

/** SQLite caps bound parameters per statement; PostgreSQL too, higher. */
const CHUNK = 200;
/** Events per transaction (see storeChunk): small while alarms arrive, large when intake is quiet. */
export const TX_EVENTS = 40;
export const TX_EVENTS_QUIET = 500;
function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function storedHashes(db: HubDb, ids: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(ids)])) {
    for (const r of await db.selectFrom('journal').select(['id', 'hash']).where('id', 'in', part).execute()) found.set(r.id, r.hash);
  }
  return found;
}

async function knownCases(db: HubDb, events: JournalEvent[]): Promise<Set<string>> {
  const ids = [...new Set(events.map((e) => e.caseId).filter((id): id is string => id !== null))];
  const found = new Set<string>();
  for (const part of chunks(ids)) {
    for (const r of await db.selectFrom('cases').select('id').where('id', 'in', part).execute()) found.add(r.id);
  }
  return found;
}

async function hashesOfConsole(db: HubDb, consoleId: string, hashes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(hashes)])) {
    const rows = await db.selectFrom('journal').select('hash').where('console_id', '=', consoleId).where('hash', 'in', part).execute();
    for (const r of rows) found.add(r.hash);
  }
  return found;
}

const refused = (id: string | null, code: string, message: string): JournalEventResult => ({ id, status: 'refused', code, message });

export interface StoreOptions {
  /** Hears each part's newly stored events right after its commit (the hub's bus). */
  committed?: (stored: JournalEvent[]) => void;
  /** Awaited before each part: alarm intake goes first (intake-gate.ts). */
  yieldTo?: () => Promise<void>;
  /** How many events the next transaction may take (default TX_EVENTS): more when intake is quiet. */
  txEvents?: () => number;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function storeJournalBatch(db: HubDb, consoleId: string, items: readonly unknown[], now: string, opts: StoreOptions = {}): Promise<StoredBatch> {
  const results: (JournalEventResult | undefined)[] = new Array(items.length);
  const candidates: { i: number; e: JournalEvent }[] = [];
  for (let i = 0; i < items.length; i++) {
    // Hashing 500 events takes milliseconds: the event loop serves alarms in between.
    if (i > 0 && i % TX_EVENTS === 0) await nextTick();
    const item = items[i];
    const s = screenItem(item);
    if (!s.ok) {
      results[i] = refused(itemId(item), s.code, s.message);
      continue;
    }
    if (s.event.consoleId !== consoleId) {
      results[i] = refused(s.event.id, 'forbidden', `Événement ${s.event.id} refusé : écrit par une autre console que celle qui l’envoie`);
      continue;
    }
    const bad = hashRefusal(s.event);
    if (bad && !bad.ok) results[i] = refused(s.event.id, bad.code, bad.message);
    else candidates.push({ i, e: s.event });
  }

  const out: Omit<StoredBatch, 'results'> = { stored: [], opened: [], closed: [] };
  for (let start = 0; start < candidates.length; ) {
    await opts.yieldTo?.();
    const part = candidates.slice(start, start + (opts.txEvents?.() ?? TX_EVENTS));
    start += part.length;
    const r = await db.transaction().execute((trx) => storeChunk(trx, consoleId, part, results, now));
    if (r.stored.length > 0) opts.committed?.(r.stored);
    out.stored.push(...r.stored);
    out.opened.push(...r.opened);
    out.closed.push(...r.closed);
  }
  return { results: results as JournalEventResult[], ...out };
}

/**
 * One transaction per part (TX_EVENTS events, TX_EVENTS_QUIET while intake is quiet): the SQLite
 * connection is shared with alarm intake, which waits for a transaction in progress; a few
 * milliseconds each keeps intake's latency, and one commit per part keeps a backlog's sync fast. A crash between two chunks loses nothing: the
 * console resends the batch and the stored part is answered duplicate.
 */
async function storeChunk(
  trx: HubDb,
  consoleId: string,
  part: { i: number; e: JournalEvent }[],
  results: (JournalEventResult | undefined)[],
  now: string,
): Promise<Omit<StoredBatch, 'results'>> {
  const allowed = await operatorsOfConsole(trx, consoleId, part.map((c) => c.e.operatorId));
  const existing = await storedHashes(trx, part.map((c) => c.e.id));
  const cases = await knownCases(trx, part.map((c) => c.e));
  const fresh: JournalEvent[] = [];
  for (const { i, e } of part) {
    // The console's own housekeeping (a retention purge) is signed by the console's key alone.
    if (e.operatorId !== CONSOLE_SYSTEM_OPERATOR && !allowed.has(e.operatorId)) {
      results[i] = refused(e.id, 'forbidden', `Événement ${e.id} refusé : l’opérateur ${clip(e.operatorId, 64)} ne s’est jamais connecté sur cette console`);
      continue;
    }
    const prior = existing.get(e.id);
    if (prior !== undefined) {
      results[i] = prior === e.hash
        ? { id: e.id, status: 'duplicate' }
        : refused(e.id, 'conflict', `Un autre événement ${e.id} est déjà enregistré avec une autre empreinte`);
      continue;
    }
    existing.set(e.id, e.hash); // a repeat within the batch is judged like a resend
    results[i] = e.caseId === null || cases.has(e.caseId)
      ? { id: e.id, status: 'accepted' }
      : { id: e.id, status: 'accepted', code: 'unknown-case', message: `Dossier ${clip(e.caseId, 64)} inconnu de ce hub : événement conservé` };
    fresh.push(e);
  }
  if (fresh.length > 0) {
    await trx
      .insertInto('journal')
      .values(
        fresh.map((e) => ({
          id: e.id,
          at: e.at,
          operator_id: e.operatorId,
          case_id: e.caseId,
          type: e.type,
          payload: e.payload === null ? null : JSON.stringify(e.payload),
          payload_hash: e.payloadHash,
          console_id: e.consoleId,
          prev_hash: e.prevHash,
          hash: e.hash,
          received_at: now,
          received_from: `console:${consoleId}`,
        })),
      )
      .execute();
  }
  return { stored: fresh, ...(await updateGaps(trx, consoleId, fresh, now)) };
}

/** Opens a gap for each new event whose predecessor is not here; closes those it fills. */
async function updateGaps(db: HubDb, consoleId: string, stored: JournalEvent[], now: string): Promise<{ opened: JournalGap[]; closed: JournalGap[] }> {
  if (stored.length === 0) return { opened: [], closed: [] };
  // A batch is mostly its own chain: only a link to an event outside it needs a lookup.
  const inBatch = new Set(stored.map((e) => e.hash));
  const linked = stored.filter((e) => e.prevHash !== GENESIS_HASH && !inBatch.has(e.prevHash));
  const present = await hashesOfConsole(db, consoleId, linked.map((e) => e.prevHash));
  const opened: JournalGap[] = [];
  for (const e of linked) {
    if (present.has(e.prevHash)) continue;
    const r = await db
      .insertInto('journal_gaps')
      .values({ console_id: consoleId, missing_hash: e.prevHash, event_id: e.id, opened_at: now, closed_at: null })
      .onConflict((oc) => oc.columns(['console_id', 'missing_hash']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) opened.push({ consoleId, eventId: e.id, missingHash: e.prevHash });
  }
  const closed: JournalGap[] = [];
  // Gaps are rare: look for the ones these events fill only when this console has any open.
  const anyOpen = await db.selectFrom('journal_gaps').select('event_id').where('closed_at', 'is', null).where('console_id', '=', consoleId).limit(1).executeTakeFirst();
  if (!anyOpen) return { opened, closed };
  for (const part of chunks(stored.map((e) => e.hash))) {
    const rows = await db
      .updateTable('journal_gaps')
      .set({ closed_at: now })
      .where('console_id', '=', consoleId)
      .where('closed_at', 'is', null)
      .where('missing_hash', 'in', part)
      .returning(['event_id', 'missing_hash'])
      .execute();
    for (const r of rows) closed.push({ consoleId, eventId: r.event_id, missingHash: r.missing_hash });
  }
  return { opened, closed };
}

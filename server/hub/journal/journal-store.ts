/**
 * Stores journal batches from console outboxes. Each event is judged on its own,
 * in this order:
 *  1. it must be the session's own: operatorId = the authenticated operator
 *     (`forbidden` otherwise: a token never writes another operator's journal);
 *  2. payloadHash = sha256 of the canonical payload, and
 *     hash = sha256(prevHash + '\n' + journalHashInput(event)) (`bad-hash`);
 *  3. caseId is null or a case the hub knows (`unknown-case`);
 *  4. its ULID is new, or already stored with the same hash (`conflict` otherwise).
 * Valid events are stored once and listed in `accepted`, including those already
 * stored, so a resent batch is harmless; refused ones are listed in `rejected`
 * and never stored. One bad event never blocks the rest of an outbox.
 */
import { createHash } from 'node:crypto';
import { computeChainHash, eventHashProblem, type JournalEvent, type Sha256 } from '@shared/domain/journal';
import type { HubDb } from '../db/database';
import type { Actor } from '../auth/tokens';
import { clip } from '../issues';

export interface JournalRejection {
  id: string;
  code: 'forbidden' | 'bad-hash' | 'unknown-case' | 'conflict';
  message: string;
}

export const sha256: Sha256 = (text) => createHash('sha256').update(text).digest('hex');

export function expectedHash(e: JournalEvent): string {
  return computeChainHash(sha256, e.prevHash, e);
}

async function knownCases(db: HubDb, events: JournalEvent[]): Promise<Set<string>> {
  const ids = [...new Set(events.map((e) => e.caseId).filter((id): id is string => id !== null))];
  const found = new Set<string>();
  // Chunked: SQLite caps the number of bound parameters in one statement.
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db.selectFrom('cases').select('id').where('id', 'in', ids.slice(i, i + 200)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

function judge(actor: Actor, e: JournalEvent, cases: Set<string>): JournalRejection | null {
  if (e.operatorId !== actor.operatorId) {
    return { id: e.id, code: 'forbidden', message: `Événement ${e.id} refusé : il appartient à un autre opérateur que la session qui l’envoie` };
  }
  if (eventHashProblem(sha256, e) !== null) {
    return { id: e.id, code: 'bad-hash', message: `Empreinte invalide pour l’événement ${e.id} : contenu modifié ou chaîne corrompue` };
  }
  if (e.caseId !== null && !cases.has(e.caseId)) {
    return { id: e.id, code: 'unknown-case', message: `Événement ${e.id} refusé : dossier ${clip(e.caseId, 64)} inconnu du hub` };
  }
  return null;
}

export async function storeJournalBatch(
  db: HubDb,
  actor: Actor,
  events: JournalEvent[],
  now: string,
): Promise<{ accepted: string[]; rejected: JournalRejection[] }> {
  const accepted: string[] = [];
  const rejected: JournalRejection[] = [];
  const cases = await knownCases(db, events);
  for (const e of events) {
    const refusal = judge(actor, e, cases);
    if (refusal) {
      rejected.push(refusal);
      continue;
    }
    const r = await db
      .insertInto('journal')
      .values({
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
        received_from: actor.operatorId,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) {
      accepted.push(e.id);
      continue;
    }
    const stored = await db.selectFrom('journal').select('hash').where('id', '=', e.id).executeTakeFirst();
    if (stored?.hash === e.hash) accepted.push(e.id);
    else rejected.push({ id: e.id, code: 'conflict', message: `Un autre événement ${e.id} est déjà enregistré avec une autre empreinte` });
  }
  return { accepted, rejected };
}

/**
 * Stores journal batches from console outboxes. Each event is checked on its
 * own: hash = sha256(prevHash + '\n' + journalHashInput(event)). Valid events
 * are stored (once: the ULID is the key) and listed in `accepted`, including
 * those already stored, so a resent batch is harmless. A tampered event is
 * left out of `accepted` and listed in `rejected` with the reason; one bad
 * event never blocks the rest of an outbox.
 */
import { createHash } from 'node:crypto';
import { journalHashInput, type JournalEvent } from '@shared/domain/journal';
import type { HubDb } from '../db/database';
import type { Actor } from '../auth/tokens';

export interface JournalRejection {
  id: string;
  code: 'bad-hash' | 'conflict';
  message: string;
}

export function expectedHash(e: JournalEvent): string {
  const { hash: _h, prevHash, ...rest } = e;
  return createHash('sha256').update(prevHash + '\n' + journalHashInput(rest)).digest('hex');
}

export async function storeJournalBatch(
  db: HubDb,
  actor: Actor,
  events: JournalEvent[],
  now: string,
): Promise<{ accepted: string[]; rejected: JournalRejection[] }> {
  const accepted: string[] = [];
  const rejected: JournalRejection[] = [];
  for (const e of events) {
    if (expectedHash(e) !== e.hash) {
      rejected.push({ id: e.id, code: 'bad-hash', message: `Empreinte invalide pour l’événement ${e.id} : contenu modifié ou chaîne corrompue` });
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
        payload: JSON.stringify(e.payload),
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

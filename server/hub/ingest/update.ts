/**
 * A beacon's later word on an alarm it sent (SCAIP `mty=IN` information update, `mty=RE`
 * abort): same key as the alarm (source, beaconId, reference), joined to that alarm's case
 * and written in its history. An abort marks the case (the beacon moved on to its
 * alternative action: the operator must know nobody is waiting on the line any more); it
 * never closes it. A retransmitted update (same type, same message) changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Case } from '@shared/domain/case';
import type { HubDb } from '../db/database';
import { getCase } from '../cases/case-row';
import { recordUpdate } from '../history/case-events';
import { findAlarm } from './existing';
import { sanitiseText } from './normalise';

export interface BeaconUpdate {
  /** As for the alarm it is about, e.g. "scaip:<beaconId>". */
  source: string;
  beaconId: string;
  /** The alarm's reference (SCAIP: IN and RE carry the original `ref`). */
  reference: string;
  type: 'info' | 'abort';
  /** Free text for the operator; sanitised here like an alarm's. */
  text: string | null;
  details: Record<string, string>;
  /** The message exactly as received. */
  raw: string;
}

export type UpdateOutcome =
  /** Recorded; `changed` is the case to broadcast. */
  | { kind: 'joined'; alarmId: string; caseId: string; changed: Case }
  /** Already recorded (a retransmission). */
  | { kind: 'duplicate'; alarmId: string; caseId: string }
  /** The alarm opened no case (a status report): nothing to show it on. */
  | { kind: 'no-case'; alarmId: string }
  /** No alarm with this key: the update is not joined to anything (the caller logs it). */
  | { kind: 'unknown-alarm' };

const TYPE = { info: 'alarm.info', abort: 'alarm.aborted' } as const;

export async function applyUpdate(db: HubDb, u: BeaconUpdate): Promise<UpdateOutcome> {
  const at = new Date().toISOString();
  const text = sanitiseText(u.text ?? undefined);
  const rawHash = createHash('sha256').update(u.raw).digest('hex');
  return db.transaction().execute(async (trx) => {
    const alarm = await findAlarm(trx, u);
    if (!alarm) return { kind: 'unknown-alarm' as const };
    if (!alarm.case_id) return { kind: 'no-case' as const, alarmId: alarm.id };
    const caseId = alarm.case_id;
    const seen = await trx.selectFrom('case_events').select('payload').where('case_id', '=', caseId).where('type', '=', TYPE[u.type]).execute();
    const same = seen.some((e) => {
      const p = e.payload ? (JSON.parse(e.payload) as { alarmId?: string; rawHash?: string }) : null;
      return p?.alarmId === alarm.id && p.rawHash === rawHash;
    });
    if (same) return { kind: 'duplicate' as const, alarmId: alarm.id, caseId };
    await trx
      .updateTable('cases')
      .set((eb) => ({ version: eb('version', '+', 1), ...(u.type === 'abort' ? { beacon_abort_at: at, beacon_abort_text: text } : {}) }))
      .where('id', '=', caseId)
      .execute();
    const changed = await getCase(trx, caseId);
    if (!changed) throw new Error(`case ${caseId} vanished inside its own transaction`);
    await recordUpdate(trx, changed, at, { alarmId: alarm.id, reference: u.reference, type: u.type, text, details: u.details, rawHash, raw: u.raw });
    return { kind: 'joined' as const, alarmId: alarm.id, caseId, changed };
  });
}

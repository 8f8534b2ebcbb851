/**
 * Turns one validated alarm into an alarm row and a case, idempotently on
 * (source, beaconId, reference). An unknown beacon still opens a case: an
 * alarm is never dropped because the directory is out of date.
 */
import { ulid } from 'ulid';
import { priorityOf } from '@shared/domain/alarm-kinds';
import type { Case } from '@shared/domain/case';
import type { AlarmIngest, AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { isUniqueViolation, type HubDb } from '../db/database';
import type { BeaconLookup } from '../directory-index';
import { getCase } from '../cases/case-row';

export interface IngestOutcome {
  result: AlarmIngestResult;
  /** The new case to broadcast; null for a duplicate. */
  created: Case | null;
}

async function findExisting(db: HubDb, source: string, a: AlarmIngest): Promise<AlarmIngestResult | null> {
  const row = await db
    .selectFrom('alarms')
    .select(['id', 'case_id'])
    .where('source', '=', source)
    .where('beacon_id', '=', a.beaconId)
    .where('reference', '=', a.reference)
    .executeTakeFirst();
  return row ? { alarmId: row.id, caseId: row.case_id, duplicate: true } : null;
}

export async function ingestAlarm(
  db: HubDb,
  lookup: (beaconId: string) => BeaconLookup | undefined,
  source: string,
  alarm: AlarmIngest,
  raw: string,
): Promise<IngestOutcome> {
  const receivedAt = new Date().toISOString();
  const known = lookup(alarm.beaconId);
  const site = known?.site;
  const position = alarm.position ?? site?.position ?? null;
  const caseId = ulid();
  const alarmId = ulid();
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await findExisting(trx, source, alarm);
      if (existing) return { result: existing, created: null };
      await trx
        .insertInto('cases')
        .values({
          id: caseId,
          version: 1,
          status: 'open',
          kind: alarm.kind,
          priority: priorityOf(alarm.kind, alarm.drill),
          drill: alarm.drill ? 1 : 0,
          beacon_id: alarm.beaconId,
          site_id: site?.id ?? null,
          site_name: site?.name ?? `Balise inconnue ${alarm.beaconId}`,
          site_kind: site?.kind ?? null,
          // OSM buildings have no street address: never show a dangling comma.
          address: site ? [site.address, site.city].filter(Boolean).join(', ') : '',
          position_lat: position?.lat ?? null,
          position_lon: position?.lon ?? null,
          occurred_at: alarm.occurredAt,
          received_at: receivedAt,
          owner_id: null,
          owner_name: null,
          claimed_at: null,
          closed_at: null,
          closed_by: null,
          closure_code: null,
          closure_note: null,
          text: alarm.text ?? null,
        })
        .execute();
      await trx
        .insertInto('alarms')
        .values({
          id: alarmId,
          source,
          beacon_id: alarm.beaconId,
          reference: alarm.reference,
          kind: alarm.kind,
          occurred_at: alarm.occurredAt,
          received_at: receivedAt,
          position: alarm.position ? JSON.stringify(alarm.position) : null,
          drill: alarm.drill ? 1 : 0,
          text: alarm.text ?? null,
          raw,
          case_id: caseId,
        })
        .execute();
      const created = await getCase(trx, caseId);
      if (!created) throw new Error(`case ${caseId} vanished inside its own transaction`);
      return { result: { alarmId, caseId, duplicate: false }, created };
    });
  } catch (err) {
    // A concurrent resend won the unique key (possible on PostgreSQL): it is a duplicate.
    if (isUniqueViolation(err)) {
      const existing = await findExisting(db, source, alarm);
      if (existing) return { result: existing, created: null };
    }
    throw err;
  }
}

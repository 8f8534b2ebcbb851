/**
 * Turns one validated alarm into an alarm row and a case, idempotently on
 * (source, beaconId, reference). An unknown beacon still opens a case: an
 * alarm is never dropped because the directory is out of date. A resend with
 * the same key but other content is a conflict, never a silent duplicate.
 */
import { ulid } from 'ulid';
import { priorityOf } from '@shared/domain/alarm-kinds';
import type { Case } from '@shared/domain/case';
import type { Alarm } from '@shared/domain/alarm';
import type { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { isUniqueViolation, type HubDb } from '../db/database';
import type { BeaconLookup } from '../directory-index';
import { getCase } from '../cases/case-row';
import { recordIntake } from '../history/case-events';
import { differingFields, sanitiseText, trustedOccurredAt, type AlarmContent } from './normalise';

export type IngestOutcome =
  /** `created` is the new case to broadcast; null for a duplicate. */
  | { kind: 'stored'; result: AlarmIngestResult; created: Case | null; clockOff: boolean }
  /** Same key, other content: nothing stored. */
  | { kind: 'conflict'; alarmId: string; caseId: string; fields: string[] };

async function findExisting(db: HubDb, sent: Alarm, content: AlarmContent): Promise<IngestOutcome | null> {
  const row = await db
    .selectFrom('alarms')
    .select(['id', 'case_id', 'kind', 'drill', 'occurred_at', 'position', 'text'])
    .where('source', '=', sent.source)
    .where('beacon_id', '=', sent.beaconId)
    .where('reference', '=', sent.reference)
    .executeTakeFirst();
  if (!row) return null;
  const stored: AlarmContent = {
    kind: row.kind,
    drill: row.drill === 1,
    occurredAt: row.occurred_at,
    position: row.position ? (JSON.parse(row.position) as AlarmContent['position']) : null,
    text: row.text,
  };
  const fields = differingFields(stored, content);
  if (fields.length) return { kind: 'conflict', alarmId: row.id, caseId: row.case_id, fields };
  return { kind: 'stored', result: { alarmId: row.id, caseId: row.case_id, duplicate: true }, created: null, clockOff: false };
}

export async function ingestAlarm(
  db: HubDb,
  lookup: (beaconId: string) => BeaconLookup | undefined,
  alarm: Alarm,
): Promise<IngestOutcome> {
  const receivedAt = new Date().toISOString();
  const text = sanitiseText(alarm.text ?? undefined);
  // The alarm row keeps the beacon's own time (and the raw body, everything sent); the case gets a time it can trust.
  const content: AlarmContent = { kind: alarm.kind, drill: alarm.drill, occurredAt: alarm.occurredAt, position: alarm.position, text };
  const { occurredAt, clockOff } = trustedOccurredAt(alarm.occurredAt, receivedAt);
  const known = lookup(alarm.beaconId);
  const site = known?.site;
  const position = alarm.position ?? site?.position ?? null;
  const caseId = ulid();
  const alarmId = ulid();
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await findExisting(trx, alarm, content);
      if (existing) return existing;
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
          occurred_at: occurredAt,
          received_at: receivedAt,
          owner_id: null,
          owner_name: null,
          claimed_at: null,
          closed_at: null,
          closed_by: null,
          closure_code: null,
          closure_note: null,
          text,
        })
        .execute();
      await trx
        .insertInto('alarms')
        .values({
          id: alarmId,
          source: alarm.source,
          beacon_id: alarm.beaconId,
          reference: alarm.reference,
          kind: alarm.kind,
          occurred_at: alarm.occurredAt,
          received_at: receivedAt,
          position: alarm.position ? JSON.stringify(alarm.position) : null,
          drill: alarm.drill ? 1 : 0,
          text,
          raw: alarm.raw,
          case_id: caseId,
        })
        .execute();
      const created = await getCase(trx, caseId);
      if (!created) throw new Error(`case ${caseId} vanished inside its own transaction`);
      await recordIntake(trx, created, { alarmId, source: alarm.source, reference: alarm.reference, occurredAt: alarm.occurredAt });
      return { kind: 'stored' as const, result: { alarmId, caseId, duplicate: false }, created, clockOff };
    });
  } catch (err) {
    // A concurrent resend won the unique key (possible on PostgreSQL): a duplicate, or a conflict.
    if (isUniqueViolation(err)) {
      const existing = await findExisting(db, alarm, content);
      if (existing) return existing;
    }
    throw err;
  }
}

/**
 * Resend detection: an alarm is known by (source, beaconId, reference), whether it went to
 * a case (`alarms`) or opened none (`loose_alarms`). The same key with other content is a
 * conflict, never a silent duplicate.
 */
import type { Alarm } from '@shared/domain/alarm';
import type { HubDb } from '../db/database';
import { differingFields, type AlarmContent } from './normalise';

export type Existing =
  | { kind: 'duplicate'; alarmId: string; caseId: string | null }
  | { kind: 'conflict'; alarmId: string; caseId: string | null; fields: string[] };

interface StoredRow {
  id: string;
  kind: string;
  drill: number;
  occurred_at: string;
  position: string | null;
  text: string | null;
}

function compare(row: StoredRow, caseId: string | null, content: AlarmContent): Existing {
  const stored: AlarmContent = {
    kind: row.kind,
    drill: row.drill === 1,
    occurredAt: row.occurred_at,
    position: row.position ? (JSON.parse(row.position) as AlarmContent['position']) : null,
    text: row.text,
  };
  const fields = differingFields(stored, content);
  return fields.length ? { kind: 'conflict', alarmId: row.id, caseId, fields } : { kind: 'duplicate', alarmId: row.id, caseId };
}

const COLUMNS = ['id', 'kind', 'drill', 'occurred_at', 'position', 'text'] as const;

/** The stored alarm with this key, if any. */
export async function findAlarm(db: HubDb, key: Pick<Alarm, 'source' | 'beaconId' | 'reference'>): Promise<(StoredRow & { case_id: string | null }) | null> {
  const inCase = await db
    .selectFrom('alarms')
    .select([...COLUMNS, 'case_id'])
    .where('source', '=', key.source)
    .where('beacon_id', '=', key.beaconId)
    .where('reference', '=', key.reference)
    .executeTakeFirst();
  if (inCase) return inCase;
  const loose = await db
    .selectFrom('loose_alarms')
    .select(COLUMNS)
    .where('source', '=', key.source)
    .where('beacon_id', '=', key.beaconId)
    .where('reference', '=', key.reference)
    .executeTakeFirst();
  return loose ? { ...loose, case_id: null } : null;
}

export async function findExisting(db: HubDb, sent: Alarm, content: AlarmContent): Promise<Existing | null> {
  const row = await findAlarm(db, sent);
  return row ? compare(row, row.case_id, content) : null;
}

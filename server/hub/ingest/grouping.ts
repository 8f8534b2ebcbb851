/**
 * Which live case a new alarm joins, and whether a restore ends a technical case.
 *
 * - Same beacon, or same site, within the grouping window (from the case's latest alarm):
 *   one incident that sends many messages is one case, its priority the highest among them.
 * - A drill never joins a real case and a real alarm never joins a drill: an exercise must
 *   not hide an intrusion, nor an intrusion be handled as an exercise.
 * - A life-safety alarm never joins a case that holds only technical faults: it would inherit
 *   that case's age (and owner) and look late, or reach only the colleague changing a battery.
 * - A restore joins the case of its own beacon's fault; when every technical fault of the
 *   case is restored within the restore window, the hub closes it. A case holding a
 *   life-safety alarm is never closed by a restore.
 */
import { categoryOf, restoredKinds, type AlarmKind } from '@shared/domain/alarm-kinds';
import type { HubDb } from '../db/database';
import type { CaseRow } from '../cases/case-row';

const LIVE = ['open', 'claimed'];

export interface GroupKey {
  beaconId: string;
  siteId: string | null;
  drill: boolean;
  kind: AlarmKind;
  receivedAt: string;
}

/** Open or claimed cases whose latest alarm came within the window before this one. */
function liveCasesSince(db: HubDb, key: GroupKey, windowMs: number) {
  const since = new Date(Date.parse(key.receivedAt) - windowMs).toISOString();
  return db
    .selectFrom('cases')
    .selectAll()
    .where('status', 'in', LIVE)
    .where((eb) => eb(eb.fn.coalesce('last_alarm_at', 'received_at'), '>=', since));
}

/** The live case this alarm (life-safety or technical) joins, or null to open a new one. */
export async function findGroupCase(db: HubDb, key: GroupKey, windowMs: number): Promise<CaseRow | null> {
  if (windowMs <= 0) return null;
  const rows = await liveCasesSince(db, key, windowMs)
    .where('drill', '=', key.drill ? 1 : 0)
    .where((eb) => (key.siteId === null ? eb('beacon_id', '=', key.beaconId) : eb.or([eb('beacon_id', '=', key.beaconId), eb('site_id', '=', key.siteId)])))
    .execute();
  const lifeSafety = categoryOf(key.kind) === 'life-safety';
  const fits = rows.filter((r) => !lifeSafety || categoryOf(r.kind as AlarmKind) === 'life-safety');
  return pickClosest(fits, key.beaconId);
}

/** Its own beacon's case first, then the one whose latest alarm is the most recent. */
function pickClosest(rows: CaseRow[], beaconId: string): CaseRow | null {
  const last = (r: CaseRow) => r.last_alarm_at ?? r.received_at;
  const sorted = [...rows].sort((a, b) => {
    const own = Number(b.beacon_id === beaconId) - Number(a.beacon_id === beaconId);
    if (own) return own;
    return last(a) < last(b) ? 1 : last(a) > last(b) ? -1 : 0;
  });
  return sorted[0] ?? null;
}

/**
 * The live case a restore joins: the one holding a fault of this beacon it ends (the most
 * recent), else its beacon's live case within the grouping window (the restore is shown
 * there), else none (the restore is kept loose).
 */
export async function findRestoreCase(db: HubDb, key: GroupKey, windowMs: number): Promise<CaseRow | null> {
  const ends = restoredKinds(key.kind);
  if (ends.length) {
    const row = await db
      .selectFrom('cases')
      .innerJoin('alarms', 'alarms.case_id', 'cases.id')
      .selectAll('cases')
      .where('cases.status', 'in', LIVE)
      .where('alarms.beacon_id', '=', key.beaconId)
      .where('alarms.kind', 'in', [...ends])
      .orderBy('alarms.received_at', 'desc')
      .executeTakeFirst();
    if (row) return row;
  }
  if (windowMs <= 0) return null;
  const rows = await liveCasesSince(db, key, windowMs).where('beacon_id', '=', key.beaconId).execute();
  return pickClosest(rows, key.beaconId);
}

interface CaseAlarm {
  beacon_id: string;
  kind: string;
  received_at: string;
}

/**
 * True when this case may be closed by the hub: it holds no life-safety alarm, and each of
 * its technical faults has a restore of the same beacon, received after it and within
 * `restoreWindowMs` of it. `alarms` includes the restore just joined.
 */
export function allFaultsRestored(alarms: readonly CaseAlarm[], restoreWindowMs: number): boolean {
  const kinds = alarms.map((a) => a.kind as AlarmKind);
  if (kinds.some((k) => categoryOf(k) === 'life-safety')) return false;
  const faults = alarms.filter((a) => categoryOf(a.kind as AlarmKind) === 'technical');
  if (!faults.length) return false;
  const restores = alarms.filter((a) => categoryOf(a.kind as AlarmKind) === 'restore');
  return faults.every((f) =>
    restores.some((r) => {
      if (r.beacon_id !== f.beacon_id || !restoredKinds(r.kind as AlarmKind).includes(f.kind as AlarmKind)) return false;
      const gap = Date.parse(r.received_at) - Date.parse(f.received_at);
      return gap >= 0 && gap <= restoreWindowMs;
    }),
  );
}

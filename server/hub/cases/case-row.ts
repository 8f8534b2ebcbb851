/** Row ⇄ shared Case mapping, and the reads the console protocol needs. */
import type { Selectable } from 'kysely';
import { AlarmKind, voiceModeOf } from '@shared/domain/alarm-kinds';
import type { BeaconState } from '@shared/domain/beacon-state';
import { Case } from '@shared/domain/case';
import type { HubDb } from '../db/database';
import type { CasesTable } from '../db/schema';
import { beaconStateFor, toState } from '../supervision/beacon-record';

export type CaseRow = Selectable<CasesTable>;

/** A case row with its beacon's supervision state, when it was read with it. */
export type CaseRowWithBeacon = CaseRow & { beacon?: BeaconState | null };

export function rowToCase(r: CaseRowWithBeacon): Case {
  // Parsed, not cast: a corrupt row must fail here, not in a console.
  return Case.parse({
    id: r.id,
    version: r.version,
    status: r.status,
    kind: r.kind,
    priority: r.priority,
    drill: r.drill === 1,
    beaconId: r.beacon_id,
    siteId: r.site_id,
    siteName: r.site_name,
    siteKind: r.site_kind,
    address: r.address,
    position: r.position_lat === null || r.position_lon === null ? null : { lat: r.position_lat, lon: r.position_lon },
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    owner: r.owner_id ? { operatorId: r.owner_id, displayName: r.owner_name ?? r.owner_id } : null,
    claimedAt: r.claimed_at,
    closedAt: r.closed_at,
    closureCode: r.closure_code,
    closureNote: r.closure_note,
    text: r.text,
    alarmCount: r.alarm_count,
    lastAlarmAt: r.last_alarm_at ?? r.received_at,
    // From the kind, never stored: the catalogue is the one place that says how to talk to a beacon.
    voiceMode: AlarmKind.safeParse(r.kind).success ? voiceModeOf(r.kind as AlarmKind) : 'none',
    beaconAbort: r.beacon_abort_at ? { at: r.beacon_abort_at, text: r.beacon_abort_text } : null,
    beacon: r.beacon ?? null,
  });
}

export async function getCase(db: HubDb, id: string): Promise<Case | null> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToCase({ ...row, beacon: await beaconStateFor(db, row.beacon_id) }) : null;
}

/** Supervision states of these beacons, read in chunks (one query per 200 beacons, not one per case). */
async function beaconStates(db: HubDb, beaconIds: Iterable<string>): Promise<Map<string, BeaconState>> {
  const ids = [...new Set(beaconIds)];
  const out = new Map<string, BeaconState>();
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db.selectFrom('beacon_states').selectAll().where('beacon_id', 'in', ids.slice(i, i + 200)).execute();
    for (const r of rows) out.set(r.beacon_id, toState(r));
  }
  return out;
}

/** What a console needs on connect: every case not yet closed. */
export async function listActiveCases(db: HubDb): Promise<Case[]> {
  return (await listActiveCaseRows(db)).map(rowToCase);
}

/** The same rows unparsed: the snapshot reads them inside the case lane and maps them outside it. */
export async function listActiveCaseRows(db: HubDb): Promise<CaseRowWithBeacon[]> {
  const rows = await db.selectFrom('cases').selectAll().where('status', 'in', ['open', 'claimed']).orderBy('received_at').orderBy('id').execute();
  const states = await beaconStates(db, rows.map((r) => r.beacon_id));
  return rows.map((r) => ({ ...r, beacon: states.get(r.beacon_id) ?? null }));
}

export async function countActiveCases(db: HubDb): Promise<number> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['open', 'claimed'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Turns one validated alarm into an alarm row and a case change, idempotently on
 * (source, beaconId, reference). An unknown beacon still opens a case: an alarm is never
 * dropped because the directory is out of date. A resend with the same key but other
 * content is a conflict, never a silent duplicate.
 *
 * What the alarm does (grouping.ts says why): it opens a case, joins a live one (the case's
 * priority and kind rise to the most urgent of its alarms), closes a technical case it
 * restores, or, for status reports and restores with nothing to restore, opens no case.
 *
 * Only the database is touched, in one transaction of the db it is given: the caller
 * broadcasts (intake.ts), so several alarms may later share one transaction (group commit).
 */
import { newId } from '@shared/domain/ids';
import { categoryOf, priorityOf } from '@shared/domain/alarm-kinds';
import type { Case } from '@shared/domain/case';
import type { Alarm } from '@shared/domain/alarm';
import type { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { isUniqueViolation, type HubDb } from '../db/database';
import type { BeaconLookup } from '../directory-index';
import { getCase, type CaseRow } from '../cases/case-row';
import { recordAlarmInCase, recordIntake, recordSystemClosure } from '../history/case-events';
import { findExisting, type Existing } from './existing';
import { allFaultsRestored, findGroupCase, findRestoreCase, type GroupKey } from './grouping';
import { sanitiseText, trustedOccurredAt, type AlarmContent } from './normalise';
import { DEFAULT_GROUPING, type IngestOptions } from './options';

/** What the alarm did: opened a case, joined one, joined and closed one (a restore), or opened none. */
export type IngestEffect = 'opened' | 'joined' | 'closed' | 'loose' | 'duplicate';

export type IngestOutcome =
  /** `changed` is the case to broadcast (new, joined or closed); null for a duplicate or a loose alarm. */
  | { kind: 'stored'; result: AlarmIngestResult; effect: IngestEffect; changed: Case | null; clockOff: boolean }
  /** Same key, other content: nothing stored. */
  | { kind: 'conflict'; alarmId: string; caseId: string | null; fields: string[] };

function fromExisting(e: Existing): IngestOutcome {
  if (e.kind === 'conflict') return e;
  return { kind: 'stored', result: { alarmId: e.alarmId, caseId: e.caseId, duplicate: true }, effect: 'duplicate', changed: null, clockOff: false };
}

interface Prepared {
  alarm: Alarm;
  alarmId: string;
  receivedAt: string;
  /** The case's time: the beacon's, unless its clock is obviously wrong. */
  occurredAt: string;
  text: string | null;
  drill: boolean;
  site: BeaconLookup['site'] | undefined;
}

export async function ingestAlarm(
  db: HubDb,
  lookup: (beaconId: string) => BeaconLookup | undefined,
  alarm: Alarm,
  options: IngestOptions = DEFAULT_GROUPING,
): Promise<IngestOutcome> {
  try {
    return await db.transaction().execute((trx) => ingestAlarmIn(trx, lookup, alarm, options));
  } catch (err) {
    // A concurrent resend won the unique key (possible on PostgreSQL): a duplicate, or a conflict.
    if (isUniqueViolation(err)) {
      const existing = await findExisting(db, alarm, contentOf(alarm));
      if (existing) return fromExisting(existing);
    }
    throw err;
  }
}

/** What a resend is compared on. */
function contentOf(alarm: Alarm): AlarmContent {
  return { kind: alarm.kind, drill: alarm.drill, occurredAt: alarm.occurredAt, position: alarm.position, text: sanitiseText(alarm.text ?? undefined) };
}

/** One alarm inside a transaction the caller owns (ingestAlarm's own, or a group commit's: intake.ts). */
export async function ingestAlarmIn(
  trx: HubDb,
  lookup: (beaconId: string) => BeaconLookup | undefined,
  alarm: Alarm,
  options: IngestOptions = DEFAULT_GROUPING,
): Promise<IngestOutcome> {
  const receivedAt = new Date().toISOString();
  // The alarm row keeps the beacon's own time (and the raw body, everything sent); the case gets a time it can trust.
  const content = contentOf(alarm);
  const { occurredAt, clockOff } = trustedOccurredAt(alarm.occurredAt, receivedAt);
  const site = lookup(alarm.beaconId)?.site;
  const existing = await findExisting(trx, alarm, content);
  if (existing) return fromExisting(existing);
  // A registered drill makes the alarm an exercise; the stored alarm keeps what the sender said.
  // Asked at the hub's receipt time: a beacon's wrong clock must not make a real alarm an exercise.
  // Only life-safety alarms: a fault during a drill (a silent beacon, a charger unplugged) is real.
  const drill = alarm.drill || (site && options.drillAt && categoryOf(alarm.kind) === 'life-safety' ? await options.drillAt(trx, site.id, receivedAt) : false);
  const p: Prepared = { alarm, alarmId: newId(), receivedAt, occurredAt, text: content.text, drill, site };
  const out = await route(trx, p, options);
  return { ...out, clockOff };
}

type Routed = Omit<Extract<IngestOutcome, { kind: 'stored' }>, 'clockOff'>;

async function route(trx: HubDb, p: Prepared, options: IngestOptions): Promise<Routed> {
  const category = categoryOf(p.alarm.kind);
  const key: GroupKey = { beaconId: p.alarm.beaconId, siteId: p.site?.id ?? null, drill: p.drill, kind: p.alarm.kind, receivedAt: p.receivedAt };
  if (category === 'status') return storeLoose(trx, p);
  if (category === 'restore') {
    const target = await findRestoreCase(trx, key, options.groupWindowMs);
    return target ? joinCase(trx, p, target, options) : storeLoose(trx, p);
  }
  const target = await findGroupCase(trx, key, options.groupWindowMs);
  return target ? joinCase(trx, p, target, options) : openCase(trx, p);
}

function alarmRow(p: Prepared, caseId: string) {
  const a = p.alarm;
  return {
    id: p.alarmId,
    source: a.source,
    beacon_id: a.beaconId,
    reference: a.reference,
    kind: a.kind,
    occurred_at: a.occurredAt,
    received_at: p.receivedAt,
    position: a.position ? JSON.stringify(a.position) : null,
    drill: a.drill ? 1 : 0,
    text: p.text,
    details: Object.keys(a.details).length ? JSON.stringify(a.details) : null,
    raw: a.raw,
    case_id: caseId,
  };
}

async function storeLoose(trx: HubDb, p: Prepared): Promise<Routed> {
  const { case_id: _none, ...row } = alarmRow(p, '');
  await trx.insertInto('loose_alarms').values(row).execute();
  return { kind: 'stored', result: { alarmId: p.alarmId, caseId: null, duplicate: false }, effect: 'loose', changed: null };
}

async function openCase(trx: HubDb, p: Prepared): Promise<Routed> {
  const { alarm, site } = p;
  const caseId = newId();
  const position = alarm.position ?? site?.position ?? null;
  await trx
    .insertInto('cases')
    .values({
      id: caseId,
      version: 1,
      status: 'open',
      kind: alarm.kind,
      priority: priorityOf(alarm.kind, p.drill),
      drill: p.drill ? 1 : 0,
      beacon_id: alarm.beaconId,
      site_id: site?.id ?? null,
      site_name: site?.name ?? `Balise inconnue ${alarm.beaconId}`,
      site_kind: site?.kind ?? null,
      // OSM buildings have no street address: never show a dangling comma.
      address: site ? [site.address, site.city].filter(Boolean).join(', ') : '',
      position_lat: position?.lat ?? null,
      position_lon: position?.lon ?? null,
      occurred_at: p.occurredAt,
      received_at: p.receivedAt,
      owner_id: null,
      owner_name: null,
      claimed_at: null,
      closed_at: null,
      closed_by: null,
      closure_code: null,
      closure_note: null,
      text: p.text,
      alarm_count: 1,
      last_alarm_at: p.receivedAt,
      beacon_abort_at: null,
      beacon_abort_text: null,
    })
    .execute();
  await trx.insertInto('alarms').values(alarmRow(p, caseId)).execute();
  const created = await mustGet(trx, caseId);
  await recordIntake(trx, created, facts(p));
  return { kind: 'stored', result: { alarmId: p.alarmId, caseId, duplicate: false }, effect: 'opened', changed: created };
}

const facts = (p: Prepared) => ({
  alarmId: p.alarmId,
  source: p.alarm.source,
  reference: p.alarm.reference,
  occurredAt: p.alarm.occurredAt,
  kind: p.alarm.kind,
  beaconId: p.alarm.beaconId,
  drill: p.drill,
  text: p.text,
  details: p.alarm.details,
});

/**
 * Adds the alarm to a live case: one change (one version), whose history says the alarm
 * came, the priority it raised, and the closure when it restored the case's last fault.
 */
async function joinCase(trx: HubDb, p: Prepared, target: CaseRow, options: IngestOptions): Promise<Routed> {
  await trx.insertInto('alarms').values(alarmRow(p, target.id)).execute();
  const priority = priorityOf(p.alarm.kind, p.drill);
  // Restores and status never rank the case; a more urgent alarm gives it its kind (and voice mode).
  const raises = categoryOf(p.alarm.kind) !== 'restore' && priority < target.priority;
  // Only a restore reads the case's alarms: a flood's case may hold thousands.
  const closes = categoryOf(p.alarm.kind) === 'restore' && allFaultsRestored(await caseAlarms(trx, target.id), options.restoreWindowMs);
  const r = await trx
    .updateTable('cases')
    .set((eb) => ({
      version: eb('version', '+', 1),
      alarm_count: eb('alarm_count', '+', 1),
      last_alarm_at: p.receivedAt,
      ...(raises ? { priority, kind: p.alarm.kind } : {}),
      ...(target.text === null && p.text !== null ? { text: p.text } : {}),
      ...(closes
        ? { status: 'closed', closed_at: p.receivedAt, closed_by: 'system', closure_code: 'technical-handled' }
        : {}),
    }))
    .where('id', '=', target.id)
    .where('version', '=', target.version)
    .executeTakeFirst();
  // Every case change runs in this transaction's lane or the case lane, both serial; a moved version is a bug, not a race to retry.
  if (r.numUpdatedRows !== 1n) throw new Error(`case ${target.id} changed under the intake (version ${target.version})`);
  const after = await mustGet(trx, target.id);
  const raised = raises ? { from: target.priority, to: priority } : null;
  await recordAlarmInCase(trx, after, facts(p), raised);
  if (closes) await recordSystemClosure(trx, after, p.alarmId);
  return { kind: 'stored', result: { alarmId: p.alarmId, caseId: target.id, duplicate: false }, effect: closes ? 'closed' : 'joined', changed: after };
}

function caseAlarms(trx: HubDb, caseId: string) {
  return trx.selectFrom('alarms').select(['beacon_id', 'kind', 'received_at']).where('case_id', '=', caseId).execute();
}

async function mustGet(trx: HubDb, caseId: string): Promise<Case> {
  const c = await getCase(trx, caseId);
  if (!c) throw new Error(`case ${caseId} vanished inside its own transaction`);
  return c;
}

/**
 * The per-beacon supervision record: last sign of life, heartbeat period and deadline,
 * battery, charger, mains, last position, last self-test and test transmission.
 *
 * Who writes it:
 * - `recordHeartbeat`: the protocol adapters, for each heartbeat (SCAIP `mty=PI`).
 * - `recordStatus`: intake, for status kinds (self-test passed, test transmission), which open
 *   no case; it also takes any other alarm (charger, mains, position, sign of life).
 * A record starts with a beacon's first heartbeat or periodic status (self-test, test
 * transmission); the watcher calls silent only a beacon that has sent heartbeats (its period is
 * known). A beacon that only ever sends alarms (an HTTP gateway's) has no record: its silence
 * says nothing. Times are the hub's clock.
 */
import type { Alarm } from '@shared/domain/alarm';
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import { BeaconState, ChargerState, MainsState } from '@shared/domain/beacon-state';
import { Position } from '@shared/domain/site';
import type { HubContext } from '../context';
import type { HubDb } from '../db/database';
import type { BeaconStatesTable } from '../db/schema';
import { deadlineAfter, DEFAULT_SUPERVISION, periodFor, supervisionConfig, type SupervisionConfig } from './config';

/** The alarm source of what supervision raises itself: never a sign of life of the beacon. */
export const SUPERVISION_SOURCE = 'supervision';

export interface Heartbeat {
  beaconId: string;
  /** When the hub received it (ISO); the beacon's own clock is not trusted for supervision. */
  at: string;
  /** Percent 0–100; anything else is logged and ignored (the heartbeat still counts). */
  battery?: number;
  charger?: ChargerState;
  mains?: MainsState;
  position?: Position;
  /** The message's protocol fields, kept as the record's last details. */
  details: Record<string, string>;
}

type Patch = Partial<Omit<BeaconStatesTable, 'beacon_id' | 'first_seen_at' | 'period_s' | 'deadline_at'>>;

/**
 * Stores a heartbeat and returns the beacon's state: `heartbeatPeriodS` is what a SCAIP answer
 * puts in `hbi` (in minutes, 1–1440) when the beacon accepts it. A heartbeat ends an open
 * silence episode.
 */
export async function recordHeartbeat(hub: HubContext, hb: Heartbeat): Promise<BeaconState> {
  const at = hubTime(hub, hb.at);
  const patch: Patch = { last_heartbeat_at: at, last_details: JSON.stringify(hb.details ?? {}) };
  if (hb.battery !== undefined) {
    if (Number.isInteger(hb.battery) && hb.battery >= 0 && hb.battery <= 100) patch.battery = hb.battery;
    else hub.logger.warn({ beaconId: hb.beaconId, battery: hb.battery }, 'heartbeat: battery level out of 0–100 ignored');
  }
  if (hb.charger) patch.charger = hb.charger;
  if (hb.mains) patch.mains = hb.mains;
  if (hb.position) Object.assign(patch, { position_lat: hb.position.lat, position_lon: hb.position.lon, position_at: at });
  if (hb.position) hub.bus.emit('beacon.position', { beaconId: hb.beaconId, position: hb.position, at });
  const state = await touch(hub, hb.beaconId, at, patch, true);
  if (!state) throw new Error(`beacon ${hb.beaconId}: heartbeat record not written`);
  return state;
}

/** What an alarm of this kind says about the beacon, besides being alive. */
function patchOfKind(kind: AlarmKind, at: string): Patch {
  switch (kind) {
    case 'device.self-test-passed':
      return { last_self_test_at: at, last_self_test_ok: 1 };
    case 'device.self-test-failed':
      return { last_self_test_at: at, last_self_test_ok: 0 };
    case 'device.test-transmission':
      return { last_test_transmission_at: at };
    case 'device.charger-unplugged':
      return { charger: 'unplugged' };
    case 'device.charger-restored':
      return { charger: 'connected' };
    case 'device.mains-lost':
      return { mains: 'lost' };
    case 'device.mains-restored':
      return { mains: 'on' };
    default:
      return {};
  }
}

/** Periodic messages: a beacon that sends them can be supervised. */
const PERIODIC: readonly AlarmKind[] = ['device.self-test-passed', 'device.self-test-failed', 'device.test-transmission'];

/**
 * Notes an alarm on the beacon's record. Status kinds (self-test, test transmission) start a
 * record if there is none; any other kind only updates an existing one (charger, mains,
 * position, sign of life). Supervision's own alarms are ignored. Returns the state, or null
 * when the beacon is not supervised.
 */
export async function recordStatus(hub: HubContext, alarm: Alarm): Promise<BeaconState | null> {
  if (alarm.source === SUPERVISION_SOURCE) return beaconStateFor(hub.db, alarm.beaconId);
  const at = new Date().toISOString();
  if (alarm.position) hub.bus.emit('beacon.position', { beaconId: alarm.beaconId, position: alarm.position, at });
  const patch = patchOfKind(alarm.kind, at);
  if (alarm.position) Object.assign(patch, { position_lat: alarm.position.lat, position_lon: alarm.position.lon, position_at: at });
  const battery = Number(alarm.details.battery);
  if (alarm.details.battery !== undefined && Number.isInteger(battery) && battery >= 0 && battery <= 100) patch.battery = battery;
  return touch(hub, alarm.beaconId, at, patch, PERIODIC.includes(alarm.kind));
}

/**
 * Writes a sign of life at `at` with `patch`, moving the deadline; ends an open silence
 * episode. `create`: start a record for a beacon that has none.
 */
async function touch(hub: HubContext, beaconId: string, at: string, patch: Patch, create: boolean): Promise<BeaconState | null> {
  const c = supervisionConfig(hub);
  // Most alarms tell nothing new: answered without a write transaction (and its fsync) on the intake path.
  const seen = await hub.db.selectFrom('beacon_states').selectAll().where('beacon_id', '=', beaconId).executeTakeFirst();
  if (!seen && !create) return null;
  if (seen && nothingNew(seen, at, patch)) return toState(seen);
  const ended = await hub.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('beacon_states').selectAll().where('beacon_id', '=', beaconId).executeTakeFirst();
    if (!row && !create) return null;
    const periodS = periodFor(hub, beaconId, row?.period_override_s ?? null);
    // A late message (sent before another already stored) must not pull the deadline back.
    const lastSeen = row && row.last_seen_at > at ? row.last_seen_at : at;
    const common = { ...patch, last_seen_at: lastSeen, period_s: periodS, deadline_at: deadlineAfter(c, Date.parse(lastSeen), periodS) };
    if (!row) {
      await trx.insertInto('beacon_states').values({ ...EMPTY, ...common, beacon_id: beaconId, first_seen_at: at }).execute();
      return { ended: null };
    }
    const reference = row.silence_reference;
    await trx
      .updateTable('beacon_states')
      .set({ ...common, ...(reference ? { silent_since: null, silence_reference: null } : {}) })
      .where('beacon_id', '=', beaconId)
      .execute();
    if (reference) await trx.updateTable('beacon_silences').set({ ended_at: at }).where('reference', '=', silenceKey(beaconId, reference)).execute();
    return { ended: reference ? { beaconId, reference, silentSince: row.silent_since ?? at, lastSeenAt: row.last_seen_at, at } : null };
  });
  if (ended === null) return null;
  if (ended.ended) {
    hub.logger.info({ beaconId, reference: ended.ended.reference, silentSince: ended.ended.silentSince, at }, 'silent beacon speaks again: silence episode ended');
    episodeEndHandlers.get(hub)?.(ended.ended);
  }
  return beaconStateFor(hub.db, beaconId);
}

/**
 * A message that changes nothing on the record but its time, within a minute of the last
 * stored sign of life: not written. In a flood each beacon's record is then written about
 * once a minute instead of once per alarm; the watcher reads the alarms themselves before
 * calling a beacon silent, so the minute never makes one look silent.
 */
export const SIGN_OF_LIFE_REFRESH_MS = 60_000;
function nothingNew(row: BeaconStatesTable, at: string, patch: Patch): boolean {
  if (row.silence_reference) return false;
  if (Date.parse(at) - Date.parse(row.last_seen_at) >= SIGN_OF_LIFE_REFRESH_MS) return false;
  const samePlace = patch.position_lat === row.position_lat && patch.position_lon === row.position_lon;
  return (Object.keys(patch) as (keyof Patch)[]).every((k) => (k === 'position_at' ? samePlace : patch[k] === row[k]));
}

/** A silence episode that ended: the beacon spoke again at `at`. */
export interface EpisodeEnd {
  beaconId: string;
  /** The "balise muette" alarm's reference. */
  reference: string;
  silentSince: string;
  /** The last sign of life before the silence. */
  lastSeenAt: string;
  at: string;
}

// The watcher tells the case (it owns the intake side); set per hub, called after the commit.
const episodeEndHandlers = new WeakMap<HubContext, (e: EpisodeEnd) => void>();
export function onEpisodeEnd(hub: HubContext, handler: (e: EpisodeEnd) => void): void {
  episodeEndHandlers.set(hub, handler);
}

/** A sign of life seen elsewhere (an alarm stored since the last heartbeat): only a supervised beacon's record moves. */
export async function noteSignOfLife(hub: HubContext, beaconId: string, at: string): Promise<BeaconState | null> {
  return touch(hub, beaconId, new Date(Date.parse(at)).toISOString(), {}, false);
}

/** beacon_silences' key: the alarm reference is unique per beacon only. */
export function silenceKey(beaconId: string, reference: string): string {
  return `${beaconId}/${reference}`;
}

const EMPTY: Omit<BeaconStatesTable, 'beacon_id' | 'first_seen_at' | 'last_seen_at' | 'period_s' | 'deadline_at'> = {
  last_heartbeat_at: null,
  period_override_s: null,
  battery: null,
  charger: null,
  mains: null,
  position_lat: null,
  position_lon: null,
  position_at: null,
  last_self_test_at: null,
  last_self_test_ok: null,
  last_test_transmission_at: null,
  last_details: null,
  silent_since: null,
  silence_reference: null,
};

/**
 * `at` as given when it is a readable time not ahead of the hub's clock, else now (logged): a
 * bad time never loses the heartbeat, and a time in the future never keeps a dead beacon
 * looking alive.
 */
function hubTime(hub: HubContext, at: string): string {
  const t = Date.parse(at);
  const now = Date.now();
  if (Number.isNaN(t) || t > now + 5_000) {
    hub.logger.warn({ at: String(at).slice(0, 64) }, Number.isNaN(t) ? 'heartbeat: unreadable receipt time, the hub clock used' : 'heartbeat: receipt time ahead of the hub clock, the hub clock used');
    return new Date(now).toISOString();
  }
  return new Date(t).toISOString();
}

/** The beacon's supervision state for its case, or null when it was never heard (no heartbeat nor periodic status). */
export async function beaconStateFor(db: HubDb, beaconId: string): Promise<BeaconState | null> {
  const r = await db.selectFrom('beacon_states').selectAll().where('beacon_id', '=', beaconId).executeTakeFirst();
  return r ? toState(r) : null;
}

/**
 * Row → state. Never throws: it is read with every case and snapshot, and one odd value (a
 * row written by a later version, edited by hand) must not stop a console from getting its
 * queue; an unknown value reads as unknown (null).
 */
export function toState(r: BeaconStatesTable): BeaconState {
  const pick = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, v: unknown): T | null => {
    const p = schema.safeParse(v);
    return p.success ? p.data : null;
  };
  const position = pick(Position, { lat: r.position_lat, lon: r.position_lon });
  return {
    beaconId: r.beacon_id,
    lastSeenAt: r.last_seen_at,
    lastHeartbeatAt: r.last_heartbeat_at,
    heartbeatPeriodS: Number.isInteger(r.period_s) && r.period_s > 0 ? r.period_s : 3600,
    expectedBy: r.deadline_at,
    silentSince: r.silent_since,
    battery: pick(BeaconState.shape.battery, r.battery),
    charger: pick(ChargerState, r.charger),
    mains: pick(MainsState, r.mains),
    position,
    positionAt: position ? r.position_at : null,
    lastSelfTestAt: r.last_self_test_at,
    lastSelfTestOk: r.last_self_test_ok === null ? null : r.last_self_test_ok === 1,
    lastTestTransmissionAt: r.last_test_transmission_at,
  };
}

/**
 * An administrator's heartbeat period for one beacon (seconds), or null to go back to the
 * default of its use; the deadline moves with it. False when the beacon has no record yet.
 */
export async function setHeartbeatPeriod(hub: HubContext, beaconId: string, overrideS: number | null): Promise<boolean> {
  checkPeriod(overrideS);
  return applyPeriod(hub.db, beaconId, overrideS, () => periodFor(hub, beaconId, overrideS), supervisionConfig(hub));
}

/**
 * The same from the command line, which has no directory: back to the default (null), the
 * period in force stays until the hub recomputes it at the beacon's next message.
 */
export async function setHeartbeatPeriodOffline(db: HubDb, beaconId: string, overrideS: number | null): Promise<boolean> {
  checkPeriod(overrideS);
  return applyPeriod(db, beaconId, overrideS, (current) => overrideS ?? current, DEFAULT_SUPERVISION);
}

function checkPeriod(overrideS: number | null): void {
  if (overrideS !== null && (!Number.isInteger(overrideS) || overrideS < 60 || overrideS > 1440 * 60)) {
    throw new Error('A heartbeat period is a whole number of seconds from 60 to 86400 (SCAIP: 1–1440 minutes).');
  }
}

async function applyPeriod(db: HubDb, beaconId: string, overrideS: number | null, period: (current: number) => number, c: SupervisionConfig): Promise<boolean> {
  const row = await db.selectFrom('beacon_states').select(['last_seen_at', 'period_s']).where('beacon_id', '=', beaconId).executeTakeFirst();
  if (!row) return false;
  const periodS = period(row.period_s);
  await db
    .updateTable('beacon_states')
    .set({ period_override_s: overrideS, period_s: periodS, deadline_at: deadlineAfter(c, Date.parse(row.last_seen_at), periodS) })
    .where('beacon_id', '=', beaconId)
    .execute();
  return true;
}

/** Every supervised beacon's state, by beacon id; `silentOnly`: those in an open episode or past their deadline at `now`. */
export async function listBeaconStates(db: HubDb, opts: { silentOnly?: boolean; now?: string } = {}): Promise<BeaconState[]> {
  let q = db.selectFrom('beacon_states').selectAll().orderBy('beacon_id');
  if (opts.silentOnly) {
    const now = opts.now ?? new Date().toISOString();
    q = q.where((eb) => eb.or([eb('silent_since', 'is not', null), eb.and([eb('deadline_at', '<=', now), eb('last_heartbeat_at', 'is not', null)])]));
  }
  return (await q.execute()).map(toState);
}

/**
 * A beacon taken out of service: its record goes, so it is never called silent again; its
 * past silence episodes stay (history). A later message from it starts a new record.
 * True when there was a record.
 */
export async function forgetBeacon(db: HubDb, beaconId: string): Promise<boolean> {
  const r = await db.deleteFrom('beacon_states').where('beacon_id', '=', beaconId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

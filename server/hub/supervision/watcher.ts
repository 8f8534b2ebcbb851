/**
 * The silent-beacon watcher. Every `checkEveryMs` it looks for supervised beacons past their
 * deadline (last sign of life + period + grace) and raises ONE "balise muette"
 * (`device.heartbeat-missed`) per silence episode through the normal intake, so it is
 * grouped, stored, journaled and broadcast like any alarm. The episode stays open, and
 * nothing more is raised, until the beacon speaks again (beacon-record.ts ends it).
 *
 * - The reference is derived from the last sign of life: a sweep that raised the alarm but
 *   died before marking the episode raises it again with the same key, which intake answers
 *   as a duplicate. One episode, one alarm, even across a crash.
 * - The hub's own absence is not the beacons' silence: nobody is called silent before the
 *   hub has been up for a full period + grace (after a restart, beacons get a fresh chance).
 * - An alarm stored since the last heartbeat is a sign of life too (a beacon busy sending
 *   alarms is not silent): the record catches up instead of raising.
 */
import { categoryOf } from '@shared/domain/alarm-kinds';
import type { Alarm } from '@shared/domain/alarm';
import type { HubContext } from '../context';
import type { BeaconStatesTable } from '../db/schema';
import { receiveAlarm, receiveUpdate } from '../ingest/intake';
import { noteSignOfLife, onEpisodeEnd, silenceKey, SUPERVISION_SOURCE, toState } from './beacon-record';
import { configureSupervision, graceS, type SupervisionConfig } from './config';
import { spoken } from './spoken';

export interface SupervisionOptions extends Partial<SupervisionConfig> {
  /** How often the watcher looks; default 15 s (a silence is noticed within that after its deadline). */
  checkEveryMs?: number;
}

export interface SupervisionWatcher {
  /** One pass now; resolves to the number of "balise muette" alarms raised. */
  sweep(): Promise<number>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

export const DEFAULT_CHECK_EVERY_MS = 15_000;
/** Beacons handled per pass: a mass silence (a network outage) is raised over a few passes, never in one huge one. */
const BATCH = 200;
export const SILENT_KIND = 'device.heartbeat-missed';
// A technical alarm: if the catalogue ever made it a status kind, it would open no case.
if (categoryOf(SILENT_KIND) !== 'technical') throw new Error('device.heartbeat-missed must be a technical kind');

export function startSupervision(hub: HubContext, opts: SupervisionOptions = {}): SupervisionWatcher {
  const { checkEveryMs = DEFAULT_CHECK_EVERY_MS, ...over } = opts;
  const config = configureSupervision(hub, over);
  const log = hub.logger.child({ part: 'supervision' });
  let running: Promise<number> | null = null;
  let stopped = false;

  const sweep = (): Promise<number> => {
    running ??= sweepOnce(hub, config, log).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    sweep().catch((err: unknown) => log.error({ err: String(err) }, 'supervision pass failed; the next one retries'));
  }, checkEveryMs);
  timer.unref();
  // The case of a silent beacon that speaks again learns it (history line, fresh beacon state).
  // Not awaited: the episode may end inside an intake job (an alarm from the beacon), and this
  // update queues behind it in the same lane.
  onEpisodeEnd(hub, (e) => {
    receiveUpdate(hub, {
      source: SUPERVISION_SOURCE,
      beaconId: e.beaconId,
      reference: e.reference,
      type: 'info',
      text: `La balise parle de nouveau, après ${spoken(Date.parse(e.at) - Date.parse(e.lastSeenAt))} de silence`,
      details: { lastSeenAt: e.lastSeenAt, silentSince: e.silentSince, speaksAgainAt: e.at },
      raw: JSON.stringify({ supervision: 'speaks-again', ...e }),
    }).catch((err: unknown) => log.error({ beaconId: e.beaconId, reference: e.reference, err: String(err) }, 'silent beacon speaks again: its case not told'));
  });
  log.info({ checkEveryMs, periodsS: config.periodsS, graceRatio: config.graceRatio, minGraceS: config.minGraceS }, 'beacon supervision started');

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

async function sweepOnce(hub: HubContext, config: SupervisionConfig, log: HubContext['logger']): Promise<number> {
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const overdue = await hub.db
    .selectFrom('beacon_states')
    .selectAll()
    .where('silent_since', 'is', null)
    .where('deadline_at', '<=', nowIso)
    // Only beacons that heartbeat have a known period; one heard only through periodic tests
    // (a gateway relaying a weekly self-test) keeps a record but is never called silent.
    .where('last_heartbeat_at', 'is not', null)
    .orderBy('deadline_at')
    .execute();
  // The hub was away: a beacon's deadline counts from the hub's start at the earliest. Filtered
  // before the batch is cut, so hourly beacons still in that grace never hold back a DATI.
  const due = overdue.filter((row) => now >= hub.startedAt + (row.period_s + graceS(config, row.period_s)) * 1000).slice(0, BATCH);
  let raised = 0;
  for (const row of due) {
    try {
      if (await caughtUp(hub, row)) continue;
      if (await raise(hub, row, nowIso, log)) raised += 1;
    } catch (err) {
      log.error({ beaconId: row.beacon_id, err: String(err) }, 'silent beacon: alarm not raised yet; the next pass retries');
    }
  }
  return raised;
}

/** An alarm received after the last sign of life (not supervision's own): the record moves on, no silence. */
async function caughtUp(hub: HubContext, row: BeaconStatesTable): Promise<boolean> {
  const later = await hub.db
    .selectFrom('alarms')
    .select((eb) => eb.fn.max('received_at').as('at'))
    .where('beacon_id', '=', row.beacon_id)
    .where('received_at', '>', row.last_seen_at)
    .where('source', '!=', SUPERVISION_SOURCE)
    .executeTakeFirst();
  if (!later?.at) return false;
  await noteSignOfLife(hub, row.beacon_id, later.at);
  return true;
}

/** "muette-" + the last sign of life, compact: unique per episode, the same on a retry. */
export function silenceReference(lastSeenAt: string): string {
  return `muette-${lastSeenAt.replace(/[-:.]/g, '')}`;
}

async function raise(hub: HubContext, row: BeaconStatesTable, nowIso: string, log: HubContext['logger']): Promise<boolean> {
  const reference = silenceReference(row.last_seen_at);
  const state = toState(row);
  const details: Record<string, string> = {
    lastSeenAt: row.last_seen_at,
    heartbeatPeriodS: String(row.period_s),
    expectedBy: row.deadline_at,
  };
  if (state.battery !== null) details.battery = String(state.battery);
  if (state.charger) details.charger = state.charger;
  if (state.mains) details.mains = state.mains;
  const alarm: Alarm = {
    source: SUPERVISION_SOURCE,
    protocol: 'supervision',
    beaconId: row.beacon_id,
    reference,
    kind: SILENT_KIND,
    occurredAt: nowIso,
    // Where it was last known: a stolen or moved beacon is looked for there.
    position: state.position,
    drill: false,
    text: `Balise muette : aucun message depuis ${spoken(Date.parse(nowIso) - Date.parse(row.last_seen_at))} (attendu toutes les ${spoken(row.period_s * 1000)})`,
    details,
    raw: JSON.stringify({ supervision: 'silent', ...state }),
  };
  const outcome = await receiveAlarm(hub, alarm);
  const caseId = outcome.kind === 'stored' ? outcome.result.caseId : outcome.caseId;
  const marked = await hub.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('beacon_states')
      .set({ silent_since: nowIso, silence_reference: reference })
      .where('beacon_id', '=', row.beacon_id)
      .where('last_seen_at', '=', row.last_seen_at)
      .where('silent_since', 'is', null)
      .executeTakeFirst();
    const open = Number(r.numUpdatedRows) > 0;
    // The beacon spoke between the alarm and now: the episode is recorded, already over.
    await trx
      .insertInto('beacon_silences')
      .values({ reference: silenceKey(row.beacon_id, reference), beacon_id: row.beacon_id, last_seen_at: row.last_seen_at, raised_at: nowIso, case_id: caseId ?? null, ended_at: open ? null : nowIso })
      .onConflict((oc) => oc.column('reference').doNothing())
      .execute();
    return open;
  });
  log.warn(
    { beaconId: row.beacon_id, reference, lastSeenAt: row.last_seen_at, periodS: row.period_s, caseId, outcome: outcome.kind, episodeOpen: marked },
    'silent beacon: "balise muette" raised',
  );
  return true;
}

/**
 * "Balise hors de son site": every position the hub receives (an alarm's, a heartbeat's) is
 * checked against the beacon's site: its drawn area (`Site.area`), else a circle of
 * DEFAULT_SITE_RADIUS_M around the site's point. A fix counts as outside only when it is
 * farther than FIX_MARGIN_M from the fence (a GPS fix in a courtyard wanders). One
 * `device.left-site` alarm per episode, through the normal intake (grouped, journaled,
 * broadcast like any alarm); back inside, the episode ends and the case is told.
 *
 * Checks run one after another, outside the intake lane that reported the position (the
 * alarm they may raise queues behind it).
 */
import { circleRing, formatDistance, haversineM } from '@shared/geo/distance';
import { leftFence, type Fence } from '@shared/geo/geofence';
import type { Alarm } from '@shared/domain/alarm';
import type { Position, Site } from '@shared/domain/site';
import type { HubContext } from '../context';
import { receiveAlarm, receiveUpdate } from '../ingest/intake';
import { SUPERVISION_SOURCE } from '../supervision/beacon-record';

export const LEFT_SITE_KIND = 'device.left-site';
/** A site with no drawn area: its grounds are taken as this radius around its point. */
export const DEFAULT_SITE_RADIUS_M = 150;
/** Allowance for the fix's error (GPS indoors or in a courtyard is off by tens of metres). */
export const FIX_MARGIN_M = 30;

export interface PositionReport {
  beaconId: string;
  position: Position;
  /** Hub receipt time, ISO. */
  at: string;
}

export function fenceOf(site: Site): Fence {
  return { type: 'Polygon', coordinates: [site.area ?? circleRing(site.position, DEFAULT_SITE_RADIUS_M, 48)] };
}

export function isOutsideSite(site: Site, p: Position): boolean {
  return leftFence(p, fenceOf(site), FIX_MARGIN_M);
}

export interface GeofenceWatch {
  check(report: PositionReport): Promise<'outside-raised' | 'outside-known' | 'inside' | 'back-inside' | 'unknown-beacon'>;
  /** Waits for the checks under way (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export function startGeofence(hub: HubContext): GeofenceWatch {
  const log = hub.logger.child({ part: 'geofence' });
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const check: GeofenceWatch['check'] = (report) => {
    const run = chain.then(() => checkOne(hub, report, log));
    chain = run.catch((err: unknown) => log.error({ err: String(err), beaconId: report.beaconId }, 'geofence check failed'));
    return run;
  };
  const onPosition = (report: PositionReport) => {
    if (!stopped) void check(report).catch(() => undefined);
  };
  hub.bus.on('beacon.position', onPosition);
  return {
    check,
    idle: async () => {
      await chain;
    },
    stop() {
      stopped = true;
      hub.bus.off('beacon.position', onPosition);
    },
  };
}

async function checkOne(hub: HubContext, r: PositionReport, log: HubContext['logger']): ReturnType<GeofenceWatch['check']> {
  const found = hub.lookup(r.beaconId);
  if (!found?.site) return 'unknown-beacon';
  const site = found.site;
  const outside = isOutsideSite(site, r.position);
  const row = await hub.db.selectFrom('beacon_geofence').selectAll().where('beacon_id', '=', r.beaconId).executeTakeFirst();
  const state = { last_lat: r.position.lat, last_lon: r.position.lon, checked_at: r.at };
  if (outside && row?.outside_since) {
    await hub.db.updateTable('beacon_geofence').set(state).where('beacon_id', '=', r.beaconId).execute();
    return 'outside-known';
  }
  if (outside) {
    const reference = `hors-site-${r.at.replace(/[-:.]/g, '')}`;
    // Marked first: a crash after this and before the alarm leaves the episode without its alarm
    // (logged below); marked after, a crash would raise it twice (intake de-duplicates by reference anyway).
    await hub.db
      .insertInto('beacon_geofence')
      .values({ beacon_id: r.beaconId, outside_since: r.at, reference, ...state })
      .onConflict((oc) => oc.column('beacon_id').doUpdateSet({ outside_since: r.at, reference, ...state }))
      .execute();
    const distance = Math.round(haversineM(r.position, site.position));
    const alarm: Alarm = {
      source: SUPERVISION_SOURCE,
      protocol: 'supervision',
      beaconId: r.beaconId,
      reference,
      kind: LEFT_SITE_KIND,
      occurredAt: r.at,
      position: r.position,
      drill: false,
      text: `Balise hors de son site : à ${formatDistance(distance)} de ${site.name}`,
      details: { siteId: site.id, distanceM: String(distance), lat: String(r.position.lat), lon: String(r.position.lon) },
      raw: JSON.stringify({ geofence: 'left-site', beaconId: r.beaconId, siteId: site.id, position: r.position, at: r.at }),
    };
    const outcome = await receiveAlarm(hub, alarm);
    log.warn({ beaconId: r.beaconId, siteId: site.id, distanceM: distance, reference, outcome: outcome.kind }, 'beacon left its site: alarm raised');
    return 'outside-raised';
  }
  if (row?.outside_since) {
    await hub.db.updateTable('beacon_geofence').set({ ...state, outside_since: null, reference: null }).where('beacon_id', '=', r.beaconId).execute();
    if (row.reference) {
      await receiveUpdate(hub, {
        source: SUPERVISION_SOURCE,
        beaconId: r.beaconId,
        reference: row.reference,
        type: 'info',
        text: `La balise est revenue sur son site (${site.name})`,
        details: { backAt: r.at, outsideSince: row.outside_since },
        raw: JSON.stringify({ geofence: 'back-inside', beaconId: r.beaconId, siteId: site.id, position: r.position, at: r.at }),
      });
    }
    log.info({ beaconId: r.beaconId, siteId: site.id }, 'beacon back on its site');
    return 'back-inside';
  }
  if (row) await hub.db.updateTable('beacon_geofence').set(state).where('beacon_id', '=', r.beaconId).execute();
  return 'inside';
}

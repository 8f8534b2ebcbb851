/**
 * Heartbeat expectations. A beacon is silent ("balise muette") when nothing came from it for
 * its period plus a grace: the grace absorbs a late or retransmitted heartbeat (SIP over UDP
 * retries a MESSAGE for 32 s) so one lost datagram does not wake an operator.
 */
import type { Beacon } from '@shared/domain/site';
import type { HubContext } from '../context';

export type SupervisedUse = Beacon['use'] | 'unknown';

export interface SupervisionConfig {
  /** Expected heartbeat period per beacon use, in seconds (SCAIP allows 1–1440 min). */
  periodsS: Record<SupervisedUse, number>;
  /** Grace after the period, as a share of it… */
  graceRatio: number;
  /** …and never less than this many seconds. */
  minGraceS: number;
}

/**
 * PTI (lone worker) beacons every 15 min: a dead DATI leaves an agent unprotected, so it must
 * be known within the half hour. PPMS and MS70 beacons hourly: they sit on chargers in
 * schools and halls, and an hour is the EN 50136 "5 h" grade with a margin to spare.
 * A beacon out of the directory: hourly.
 */
export const DEFAULT_SUPERVISION: SupervisionConfig = {
  periodsS: { ppms: 3600, pti: 900, ms70: 3600, unknown: 3600 },
  graceRatio: 0.5,
  minGraceS: 120,
};

// Per hub: startHub sets it (hub options); functions called with a hub that has none use the defaults.
const configs = new WeakMap<HubContext, SupervisionConfig>();

export function configureSupervision(hub: HubContext, over: Partial<SupervisionConfig> = {}): SupervisionConfig {
  const c: SupervisionConfig = {
    ...DEFAULT_SUPERVISION,
    ...over,
    periodsS: { ...DEFAULT_SUPERVISION.periodsS, ...over.periodsS },
  };
  for (const [use, s] of Object.entries(c.periodsS)) {
    if (!Number.isInteger(s) || s < 1) throw new Error(`supervision: the heartbeat period of ${use} beacons must be a whole number of seconds, at least 1 (got ${s}).`);
  }
  if (!(c.graceRatio >= 0) || !(c.minGraceS >= 0)) throw new Error('supervision: the grace must not be negative.');
  configs.set(hub, c);
  return c;
}

export function supervisionConfig(hub: HubContext): SupervisionConfig {
  return configs.get(hub) ?? DEFAULT_SUPERVISION;
}

export function graceS(c: SupervisionConfig, periodS: number): number {
  return Math.max(c.minGraceS, Math.round(periodS * c.graceRatio));
}

/** The period in force: an administrator's override, else the default for the beacon's use. */
export function periodFor(hub: HubContext, beaconId: string, overrideS: number | null): number {
  if (overrideS !== null) return overrideS;
  const use = hub.lookup(beaconId)?.beacon.use ?? 'unknown';
  return supervisionConfig(hub).periodsS[use];
}

/** When a beacon last heard at `lastSeenMs` with this period becomes silent. */
export function deadlineAfter(c: SupervisionConfig, lastSeenMs: number, periodS: number): string {
  return new Date(lastSeenMs + (periodS + graceS(c, periodS)) * 1000).toISOString();
}

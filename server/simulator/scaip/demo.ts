/**
 * The directory's beacons as SCAIP beacons against a demo hub: each signs with its demo
 * credentials (digest username = beacon id, password DEMO_BEACON_PASSWORD, docs/SCAIP.md),
 * and each sends heartbeats. What the embedded demo and `npm run hub -- --demo --simulate` run.
 */
import type { Logger } from 'pino';
import type { Directory } from '@shared/domain/site';
import { DEMO_BEACON_PASSWORD } from '../../hub/scaip/credentials';
import { startScaipBeacons, type ScaipBeacons, type ScaipBeaconsOptions } from './beacons';

export interface DemoBeaconsOptions extends Partial<ScaipBeaconsOptions> {
  hub: { host: string; port: number };
  directory: Directory;
  /** Heartbeats from every directory beacon; default true. */
  heartbeats?: boolean;
}

export async function startDemoBeacons(o: DemoBeaconsOptions & { logger: Logger }): Promise<ScaipBeacons> {
  const beacons = await startScaipBeacons({ credentials: (id) => ({ user: id, password: DEMO_BEACON_PASSWORD }), ...o });
  if (o.heartbeats ?? true) beacons.startHeartbeats(o.directory.beacons.map((b) => b.id));
  return beacons;
}

/**
 * The supervision report over a period (default the last 7 days), per beacon: its silence
 * episodes and how long it was silent, its charger, battery and last self-test, its state
 * now. What a city's security officer reads each week to find the chargers the cleaning
 * staff unplugged and the beacons that keep dropping out, before a real alert needs them.
 */
import type { BeaconState } from '@shared/domain/beacon-state';
import type { HubDb } from '../db/database';
import { listBeaconStates } from './beacon-record';

export interface BeaconReport {
  beaconId: string;
  /** Null: the beacon is no longer supervised (forgotten), only its past silences remain. */
  state: BeaconState | null;
  /** Silence episodes that overlap the period. */
  silences: number;
  /** Total silent time within the period, ms (from the last sign of life to the next one, or now). */
  silentMs: number;
  /** Something for a person to check: silent now or during the period, charger unplugged, mains lost, battery ≤ 20 %, last self-test failed. */
  attention: boolean;
}

export async function supervisionReport(db: HubDb, opts: { days?: number; now?: number } = {}): Promise<{ from: string; to: string; beacons: BeaconReport[] }> {
  const now = opts.now ?? Date.now();
  const from = now - (opts.days ?? 7) * 86_400_000;
  const fromIso = new Date(from).toISOString();
  const states = await listBeaconStates(db);
  // Episodes still open, or ended inside the period.
  const episodes = await db
    .selectFrom('beacon_silences')
    .select(['beacon_id', 'last_seen_at', 'ended_at'])
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', fromIso)]))
    .execute();
  const byBeacon = new Map<string, BeaconReport>();
  for (const s of states) byBeacon.set(s.beaconId, { beaconId: s.beaconId, state: s, silences: 0, silentMs: 0, attention: false });
  for (const e of episodes) {
    const r = byBeacon.get(e.beacon_id) ?? { beaconId: e.beacon_id, state: null, silences: 0, silentMs: 0, attention: false };
    const start = Math.max(Date.parse(e.last_seen_at), from);
    const end = e.ended_at ? Date.parse(e.ended_at) : now;
    r.silences += 1;
    r.silentMs += Math.max(0, end - start);
    byBeacon.set(e.beacon_id, r);
  }
  for (const r of byBeacon.values()) {
    const s = r.state;
    r.attention = r.silences > 0 || (s !== null && (s.silentSince !== null || s.charger === 'unplugged' || s.mains === 'lost' || (s.battery !== null && s.battery <= 20) || s.lastSelfTestOk === false));
  }
  // Those needing a look first, the longest silent first; then by id.
  const beacons = [...byBeacon.values()].sort((a, b) => Number(b.attention) - Number(a.attention) || b.silentMs - a.silentMs || a.beaconId.localeCompare(b.beaconId));
  return { from: fromIso, to: new Date(now).toISOString(), beacons };
}

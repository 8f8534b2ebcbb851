/** The nearest of a set of places (fire stations, police) to an alarm, by straight-line distance. */
import { haversineM } from './distance';
import { isValidPoint, type GeoPoint } from './point';

export interface Ranked<T> {
  item: T;
  distanceM: number;
}

/**
 * The `count` places nearest to `from`, closest first. Places without a valid position
 * are skipped (open data has a few), never thrown on.
 */
export function nearest<T>(from: GeoPoint, places: readonly T[], positionOf: (t: T) => GeoPoint | null, count = 1): Ranked<T>[] {
  if (!isValidPoint(from) || count <= 0) return [];
  const ranked: Ranked<T>[] = [];
  for (const item of places) {
    const p = positionOf(item);
    if (!p || !isValidPoint(p)) continue;
    ranked.push({ item, distanceM: haversineM(from, p) });
  }
  ranked.sort((a, b) => a.distanceM - b.distanceM);
  return ranked.slice(0, count);
}

/** One station as the open data gives it (OSM poi: class fire_station or police). */
export interface Station {
  kind: 'fire' | 'police';
  name: string;
  position: GeoPoint;
}

/** The nearest fire station and the nearest police station, each null when the data has none. */
export function nearestStations(from: GeoPoint, stations: readonly Station[]): { fire: Ranked<Station> | null; police: Ranked<Station> | null } {
  const of = (kind: Station['kind']) => nearest(from, stations.filter((s) => s.kind === kind), (s) => s.position)[0] ?? null;
  return { fire: of('fire'), police: of('police') };
}

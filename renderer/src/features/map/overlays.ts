/**
 * What we draw over the basemap, as GeoJSON with a `role` per feature: the case (site,
 * beacon with its accuracy circle, nearest stations) or the wall (every open case).
 * Pure: built from the Case and the directory, tested without a map.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { Case } from '@shared/domain/case';
import { circleRing, nearestStations, type GeoPoint, type Ranked, type Station } from '@shared/geo';

export type OverlayRole = 'accuracy' | 'site' | 'beacon' | 'fire' | 'police' | 'case';

export interface CaseMapModel {
  /** Where the map centres: the beacon's fix, else the alarm's position, else the site. */
  centre: GeoPoint | null;
  /** `fix`: the beacon's own last fix; `alarm`: the position sent with the alarm. */
  beacon: { position: GeoPoint; accuracyM: number | null; fixAt: string | null; source: 'fix' | 'alarm' } | null;
  site: { position: GeoPoint; name: string } | null;
  fire: Ranked<Station> | null;
  police: Ranked<Station> | null;
}

/**
 * The beacon's last fix (supervision record) wins over the alarm's position: it is the
 * newer of the two when the beacon sent one after the alarm. The site comes from the
 * directory; stations are measured from the beacon, else the site.
 */
export function caseMapModel(c: Case, site: { position: GeoPoint; name: string } | null, stations: readonly Station[]): CaseMapModel {
  const fix = c.beacon?.position ?? null;
  const beacon = fix
    ? { position: fix, accuracyM: c.beacon?.positionAccuracyM ?? null, fixAt: c.beacon?.positionAt ?? null, source: 'fix' as const }
    : c.position
      ? { position: c.position, accuracyM: null, fixAt: c.occurredAt, source: 'alarm' as const }
      : null;
  const centre = beacon?.position ?? site?.position ?? null;
  const near = centre ? nearestStations(centre, stations) : { fire: null, police: null };
  return { centre, beacon, site, fire: near.fire, police: near.police };
}

const point = (p: GeoPoint, props: Record<string, unknown>): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: props });

export interface CaseLabels {
  beacon: string;
  site: string;
  fire: string;
  police: string;
}

export function caseOverlay(m: CaseMapModel, labels: CaseLabels): FeatureCollection {
  const features: Feature[] = [];
  if (m.beacon?.accuracyM)
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [circleRing(m.beacon.position, m.beacon.accuracyM)] }, properties: { role: 'accuracy' } });
  if (m.fire) features.push(point(m.fire.item.position, { role: 'fire', label: labels.fire }));
  if (m.police) features.push(point(m.police.item.position, { role: 'police', label: labels.police }));
  if (m.site) features.push(point(m.site.position, { role: 'site', label: labels.site }));
  // Last: drawn on top of everything else.
  if (m.beacon) features.push(point(m.beacon.position, { role: 'beacon', label: labels.beacon }));
  return { type: 'FeatureCollection', features };
}

/** Every open case with a position, one point each, coloured by priority. */
export function wallOverlay(cases: readonly Case[], labelOf: (c: Case) => string): FeatureCollection {
  const features: Feature[] = [];
  for (const c of cases) {
    const p = c.beacon?.position ?? c.position;
    if (!p || c.status === 'closed') continue;
    features.push(point(p, { role: 'case', id: c.id, priority: c.priority, label: labelOf(c) }));
  }
  return { type: 'FeatureCollection', features };
}

/** South-west and north-east corners around the points, or null for none. */
export function boundsOf(points: readonly GeoPoint[]): [[number, number], [number, number]] | null {
  if (!points.length) return null;
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ];
}

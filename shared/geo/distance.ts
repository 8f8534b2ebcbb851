/**
 * Straight-line ("as the crow flies") distances. Road distance would need a routing
 * graph we do not ship; operators read this to 17 / 18 as an order of magnitude, and the
 * map shows the streets.
 */
import type { GeoPoint } from './point';

/** Mean Earth radius (IUGG), metres: the haversine error against the ellipsoid stays under 0.5 %. */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine formula, stable for the short distances of a town). */
export function haversineM(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point `distanceM` away on the initial bearing `bearingDeg` (0 = north), e.g. to draw an accuracy circle. */
export function destination(from: GeoPoint, distanceM: number, bearingDeg: number): GeoPoint {
  const d = distanceM / EARTH_RADIUS_M;
  const br = rad(bearingDeg);
  const lat1 = rad(from.lat);
  const lon1 = rad(from.lon);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(br));
  const lon2 = lon1 + Math.atan2(Math.sin(br) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: (lat2 * 180) / Math.PI, lon: ((((lon2 * 180) / Math.PI + 540) % 360) - 180) };
}

/** A closed ring of `steps` points at `radiusM` around `center` ([lon, lat] pairs, GeoJSON order). */
export function circleRing(center: GeoPoint, radiusM: number, steps = 64): Array<[number, number]> {
  const ring: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i++) {
    const p = destination(center, radiusM, (360 * (i % steps)) / steps);
    ring.push([p.lon, p.lat]);
  }
  return ring;
}

/** "850 m", "2,4 km": what an operator reads out. */
export function formatDistance(m: number, locale = 'fr-FR'): string {
  if (m < 1000) return `${Math.round(m / 10) * 10} m`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(m / 1000)} km`;
}

/**
 * A point on the WGS84 ellipsoid in decimal degrees. Same shape as the domain's Position,
 * so a Case, a Site or a beacon fix is passed as it is (shared/geo imports nothing).
 */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** GeoJSON order [lon, lat], as MapLibre and the open data files use it. */
export type LonLat = readonly [lon: number, lat: number];

export const toLonLat = (p: GeoPoint): LonLat => [p.lon, p.lat];
export const fromLonLat = ([lon, lat]: LonLat): GeoPoint => ({ lat, lon });

/** True for finite degrees within the valid ranges (a fix of 0,0 or NaN from a beacon is refused by callers). */
export function isValidPoint(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
}

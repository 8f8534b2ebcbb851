/**
 * Is a point inside a site's geofence? GeoJSON polygons (outer ring, then holes) and
 * multipolygons in [lon, lat]. Planar ray casting on degrees: exact enough for a fence of
 * a few hundred metres far from the poles and the antimeridian (all of France).
 */
import { haversineM } from './distance';
import type { GeoPoint, LonLat } from './point';

export type Ring = readonly LonLat[];
/** GeoJSON Polygon coordinates: the outer ring first, holes after. */
export type PolygonCoords = readonly Ring[];

export type Fence =
  | { type: 'Polygon'; coordinates: PolygonCoords }
  | { type: 'MultiPolygon'; coordinates: readonly PolygonCoords[] };

/** Even-odd rule; a point exactly on an edge may fall either way (a fence is never that precise). */
export function pointInRing(p: GeoPoint, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(p: GeoPoint, polygon: PolygonCoords): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || outer.length < 3 || !pointInRing(p, outer)) return false;
  return !holes.some((hole) => pointInRing(p, hole));
}

export function insideFence(p: GeoPoint, fence: Fence): boolean {
  return fence.type === 'Polygon' ? pointInPolygon(p, fence.coordinates) : fence.coordinates.some((poly) => pointInPolygon(p, poly));
}

/**
 * Left the fence, allowing for the fix's accuracy: a fix is "outside" only when it is out
 * and farther than `accuracyM` from every vertex-to-vertex edge (a GPS fix 20 m off inside
 * a courtyard must not raise "beacon left its site").
 */
export function leftFence(p: GeoPoint, fence: Fence, accuracyM = 0): boolean {
  if (insideFence(p, fence)) return false;
  if (accuracyM <= 0) return true;
  const polys = fence.type === 'Polygon' ? [fence.coordinates] : fence.coordinates;
  for (const poly of polys) for (const ring of poly) if (distanceToRingM(p, ring) <= accuracyM) return false;
  return true;
}

/** Shortest distance from a point to a ring's edges, metres (local equirectangular projection). */
export function distanceToRingM(p: GeoPoint, ring: Ring): number {
  const kx = Math.cos((p.lat * Math.PI) / 180);
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    const dx = (bx - ax) * kx;
    const dy = by - ay;
    const px = (p.lon - ax) * kx;
    const py = p.lat - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
    const closest = { lon: ax + (t * dx) / kx, lat: ay + t * dy };
    best = Math.min(best, haversineM(p, closest));
  }
  return best;
}

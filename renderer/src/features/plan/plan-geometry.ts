/**
 * A floor plan drawn in SVG: lon/lat projected to a local metric frame (equirectangular,
 * exact enough over a building) scaled into the drawing, and back for a dragged beacon.
 */
import type { SitePlan } from '@shared/domain/site-plan';

export type XY = [x: number, y: number];

export interface PlanProjection {
  width: number;
  height: number;
  /** Drawing units per metre. */
  scale: number;
  toXY(lon: number, lat: number): XY;
  toLonLat(xy: XY): { lat: number; lon: number };
}

const PAD = 24;

function allCoords(plan: SitePlan): number[][] {
  const out: number[][] = [];
  for (const f of plan.features) {
    if (f.geometry.type === 'Point') out.push([...f.geometry.coordinates]);
    else for (const ring of f.geometry.coordinates) for (const p of ring) out.push([...p]);
  }
  return out;
}

export function planProjection(plan: SitePlan, width = 1000): PlanProjection {
  const pts = allCoords(plan);
  const lons = pts.map((p) => p[0]!);
  const lats = pts.map((p) => p[1]!);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const lat0 = (minLat + maxLat) / 2;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110_540;
  const wM = Math.max(1, (maxLon - minLon) * kx);
  const hM = Math.max(1, (maxLat - minLat) * ky);
  const scale = (width - 2 * PAD) / wM;
  const height = Math.round(hM * scale + 2 * PAD);
  return {
    width,
    height,
    scale,
    toXY: (lon, lat) => [PAD + (lon - minLon) * kx * scale, PAD + (maxLat - lat) * ky * scale],
    toLonLat: ([x, y]) => ({ lon: minLon + (x - PAD) / scale / kx, lat: maxLat - (y - PAD) / scale / ky }),
  };
}

export function ringPath(ring: readonly (readonly number[])[], proj: PlanProjection): string {
  return `${ring.map((p, i) => `${i ? 'L' : 'M'}${proj.toXY(p[0]!, p[1]!).map((v) => v.toFixed(1)).join(' ')}`).join(' ')} Z`;
}

/** Centre and width of a ring in drawing units: where its label goes and how large it may be. */
export function ringLabelBox(ring: readonly (readonly number[])[], proj: PlanProjection): { centre: XY; width: number; height: number } {
  const xy = ring.map((p) => proj.toXY(p[0]!, p[1]!));
  const xs = xy.map((p) => p[0]);
  const ys = xy.map((p) => p[1]);
  return {
    centre: [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2],
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

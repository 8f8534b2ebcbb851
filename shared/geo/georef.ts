/**
 * Georeferencing a floor plan (a picture or a drawing in pixels) onto the map: an affine
 * transform pixel → (lon, lat), fitted from 3 or more control points (least squares) or
 * taken from the image's corner coordinates, as MapLibre's `image` source wants them.
 * Working in degrees is fine at building scale: over 200 m the projection's curvature is
 * far below a pixel.
 */
import { haversineM } from './distance';
import type { GeoPoint, LonLat } from './point';

export interface Pixel {
  x: number;
  y: number;
}

/** lon = a·x + b·y + c ; lat = d·x + e·y + f (x to the right, y down, as in an image). */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export interface ControlPoint {
  pixel: Pixel;
  geo: GeoPoint;
}

/** Top-left, top-right, bottom-right, bottom-left: MapLibre image source order, [lon, lat] each. */
export type ImageCorners = readonly [LonLat, LonLat, LonLat, LonLat];

export class GeoreferenceError extends Error {
  override name = 'GeoreferenceError';
}

/** Solves the 3×3 system m·v = r by Cramer's rule; null when singular. */
function solve3(m: number[][], r: number[]): [number, number, number] | null {
  const det = (k: number[][]): number =>
    k[0]![0]! * (k[1]![1]! * k[2]![2]! - k[1]![2]! * k[2]![1]!) -
    k[0]![1]! * (k[1]![0]! * k[2]![2]! - k[1]![2]! * k[2]![0]!) +
    k[0]![2]! * (k[1]![0]! * k[2]![1]! - k[1]![1]! * k[2]![0]!);
  const d = det(m);
  const scale = Math.max(...m.flat().map(Math.abs), 1);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12 * scale ** 3) return null;
  const col = (i: number) => m.map((row, j) => row.map((v, k) => (k === i ? r[j]! : v)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/**
 * Least-squares affine through the control points (exact with three). Throws a
 * GeoreferenceError, with the reason in French for the admin, on fewer than three points
 * or points in a line.
 */
export function fitAffine(points: readonly ControlPoint[]): Affine {
  if (points.length < 3) throw new GeoreferenceError(`Il faut au moins 3 points de calage (reçu ${points.length}).`);
  // Centre the pixels so the normal equations stay well conditioned for big images.
  const mx = points.reduce((s, p) => s + p.pixel.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.pixel.y, 0) / points.length;
  const n = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const rl = [0, 0, 0];
  const rt = [0, 0, 0];
  for (const { pixel, geo } of points) {
    const v = [pixel.x - mx, pixel.y - my, 1];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) n[i]![j]! += v[i]! * v[j]!;
      rl[i]! += v[i]! * geo.lon;
      rt[i]! += v[i]! * geo.lat;
    }
  }
  const lon = solve3(n, rl);
  const lat = solve3(n, rt);
  if (!lon || !lat) throw new GeoreferenceError('Les points de calage sont alignés : choisissez-en trois qui forment un triangle.');
  return { a: lon[0], b: lon[1], c: lon[2] - lon[0] * mx - lon[1] * my, d: lat[0], e: lat[1], f: lat[2] - lat[0] * mx - lat[1] * my };
}

export function pixelToGeo(t: Affine, p: Pixel): GeoPoint {
  return { lon: t.a * p.x + t.b * p.y + t.c, lat: t.d * p.x + t.e * p.y + t.f };
}

/** The pixel under a map position (e.g. where an admin dropped a beacon on the plan). */
export function geoToPixel(t: Affine, g: GeoPoint): Pixel {
  const det = t.a * t.e - t.b * t.d;
  if (det === 0) throw new GeoreferenceError('Calage dégénéré : la transformation n’est pas inversible.');
  const lon = g.lon - t.c;
  const lat = g.lat - t.f;
  return { x: (t.e * lon - t.b * lat) / det, y: (-t.d * lon + t.a * lat) / det };
}

/** The affine of an image pinned by its corners (top-left, top-right and bottom-left fix it; bottom-right must agree). */
export function affineFromCorners(corners: ImageCorners, width: number, height: number): Affine {
  if (!(width > 0 && height > 0)) throw new GeoreferenceError(`Taille d’image invalide : ${width}×${height}.`);
  const [tl, tr, , bl] = corners;
  return fitAffine([
    { pixel: { x: 0, y: 0 }, geo: { lon: tl[0], lat: tl[1] } },
    { pixel: { x: width, y: 0 }, geo: { lon: tr[0], lat: tr[1] } },
    { pixel: { x: 0, y: height }, geo: { lon: bl[0], lat: bl[1] } },
  ]);
}

/** The four corners of a `width`×`height` image under `t`, in MapLibre's order. */
export function cornersOf(t: Affine, width: number, height: number): ImageCorners {
  const c = (x: number, y: number): LonLat => {
    const g = pixelToGeo(t, { x, y });
    return [g.lon, g.lat];
  };
  return [c(0, 0), c(width, 0), c(width, height), c(0, height)];
}

/** How far (metres) each control point lands from where the fit puts it: > a few metres means a bad point. */
export function residualsM(t: Affine, points: readonly ControlPoint[]): number[] {
  return points.map((p) => haversineM(p.geo, pixelToGeo(t, p.pixel)));
}

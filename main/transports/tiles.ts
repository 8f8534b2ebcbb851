/**
 * The offline map's files (the PMTiles basemap, the glyph PBFs, the open data) for both transports:
 * browser mode's HTTP server and Electron's app:// protocol call the same functions, so
 * a page asks /map/… whichever way it was opened, always same-origin (CSP 'self').
 *
 * The basemap is one file read by HTTP Range (the pmtiles reader asks for a 16 KB
 * header, then a directory, then each tile's bytes): a single range gets 206 with
 * Content-Range, a multi-range (never sent by pmtiles) the whole file, an impossible one
 * 416. Paths are matched against fixed patterns before touching the disk: nothing else
 * under resources/ is reachable.
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { findPackageRoot } from '../boot/paths';

export const MAP_PATH_PREFIX = '/map/';

const BASEMAP = /^\/map\/basemap\/([a-z0-9-]{1,64})\.pmtiles$/;
const GLYPHS = /^\/map\/glyphs\/([A-Za-z0-9 ]{1,64})\/(\d{1,5}-\d{1,5})\.pbf$/;
/** Open data beside the basemap (fire and police stations for the nearest-station distance). */
const DATA = /^\/map\/data\/([a-z0-9-]{1,64})\/([a-z0-9-]{1,96})\.geojson$/;

/** resources/ of the package (beside out/ when built, or the source tree). */
export function defaultResourcesDir(): string {
  const root = findPackageRoot();
  return join(root ?? process.cwd(), 'resources');
}

export function isMapPath(pathname: string | null): pathname is string {
  return !!pathname && pathname.startsWith(MAP_PATH_PREFIX);
}

/** The file behind a /map/… path, or null (404) for anything else. */
export function mapFileFor(resourcesDir: string, pathname: string): { file: string; type: string } | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const basemap = BASEMAP.exec(path);
  if (basemap) return { file: join(resourcesDir, 'data', basemap[1]!, `${basemap[1]}.pmtiles`), type: 'application/vnd.pmtiles' };
  const glyphs = GLYPHS.exec(path);
  if (glyphs) return { file: join(resourcesDir, 'map', 'glyphs', glyphs[1]!, `${glyphs[2]}.pbf`), type: 'application/x-protobuf' };
  const data = DATA.exec(path);
  if (data) return { file: join(resourcesDir, 'data', data[1]!, `${data[2]}.geojson`), type: 'application/geo+json' };
  return null;
}

export type ByteRange = { start: number; end: number };

/**
 * A Range header against a file of `size` bytes: null = the whole file (no header, not
 * bytes, or several ranges), 'unsatisfiable' = 416, else one inclusive range.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, from, to] = m;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface MapFileResponse {
  status: 200 | 206 | 304 | 404 | 405 | 416;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** Reads what a GET or HEAD for a /map/… path answers; never throws (a missing file is a 404). */
export async function readMapFile(
  resourcesDir: string,
  req: { method: string; pathname: string; range?: string | null; ifNoneMatch?: string | null },
): Promise<MapFileResponse> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: { Allow: 'GET, HEAD' }, body: null };
  const target = mapFileFor(resourcesDir, req.pathname);
  if (!target) return { status: 404, headers: {}, body: null };
  let size: number;
  let etag: string;
  try {
    const s = await stat(target.file);
    if (!s.isFile()) return { status: 404, headers: {}, body: null };
    size = s.size;
    etag = `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
  } catch {
    return { status: 404, headers: {}, body: null };
  }
  // The pmtiles reader compares ETags to notice a basemap replaced under a running page.
  const headers: Record<string, string> = { 'Content-Type': target.type, 'Accept-Ranges': 'bytes', ETag: etag, 'Cache-Control': 'no-cache' };
  const range = parseRange(req.range, size);
  if (range === 'unsatisfiable') return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` }, body: null };
  if (!range && req.ifNoneMatch === etag) return { status: 304, headers, body: null };
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = Math.max(0, end - start + 1);
  const out: MapFileResponse = {
    status: range ? 206 : 200,
    headers: { ...headers, 'Content-Length': String(length), ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) },
    body: null,
  };
  if (req.method === 'HEAD') return out;
  const fh = await open(target.file, 'r');
  try {
    const body = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await fh.read(body, read, length - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    out.body = read === length ? body : body.subarray(0, read);
  } finally {
    await fh.close();
  }
  return out;
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent, tempDir } from '../testing/fixtures';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { defaultResourcesDir, mapFileFor, parseRange, readMapFile } from './tiles';

const resources = defaultResourcesDir();
const BASEMAP = '/map/basemap/saint-nazaire.pmtiles';

describe('map files: paths and ranges', () => {
  it('maps only the basemap and glyph patterns, nothing else under resources/', () => {
    expect(mapFileFor(resources, BASEMAP)?.file).toBe(join(resources, 'data', 'saint-nazaire', 'saint-nazaire.pmtiles'));
    expect(mapFileFor(resources, '/map/glyphs/Roboto%20Regular/0-255.pbf')?.file).toBe(join(resources, 'map', 'glyphs', 'Roboto Regular', '0-255.pbf'));
    expect(mapFileFor(resources, '/map/data/saint-nazaire/saint-nazaire-area-osm-pois.geojson')?.type).toBe('application/geo+json');
    for (const bad of ['/map/data/../demo/directory.geojson', '/map/data/saint-nazaire/x.json', '/map/basemap/../demo/directory.pmtiles', '/map/glyphs/..%2F..%2Fdemo/0-255.pbf', '/map/basemap/x.json', '/map/glyphs/a/b.pbf', '/map/%E0%A4%A']) {
      expect(mapFileFor(resources, bad)).toBeNull();
    }
  });

  it('reads Range headers as pmtiles and browsers send them', () => {
    expect(parseRange('bytes=0-16383', 100_000)).toEqual({ start: 0, end: 16383 });
    expect(parseRange('bytes=99990-', 100_000)).toEqual({ start: 99990, end: 99999 });
    expect(parseRange('bytes=-10', 100_000)).toEqual({ start: 99990, end: 99999 });
    expect(parseRange('bytes=0-999999', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-9', 100)).toBeNull();
    expect(parseRange(undefined, 100)).toBeNull();
  });

  it('answers 404 for a missing file and 405 for a POST, never throws', async () => {
    expect((await readMapFile(resources, { method: 'GET', pathname: '/map/basemap/nowhere.pmtiles' })).status).toBe(404);
    expect((await readMapFile(resources, { method: 'POST', pathname: BASEMAP })).status).toBe(405);
  });
});

describe('browser mode serves the basemap with HTTP Range', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: BrowserServer;
  beforeAll(async () => {
    tmp = tempDir();
    const rendererDir = join(tmp.dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Veille</title>');
    server = await startBrowserServer({ host: '127.0.0.1', port: 0, token: 'tiles-test-token-0123456789', rendererDir, logger: silent });
  });
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });

  it('a range request gets 206 with the PMTiles v3 header bytes', async () => {
    const res = await fetch(`${server.origin}${BASEMAP}`, { headers: { Range: 'bytes=0-126' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 0-126/3797358');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes).toHaveLength(127);
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('PMTiles');
    expect(bytes[7]).toBe(3);
  });

  it('the pmtiles reader gets a street-level tile of Saint-Nazaire through the route', async () => {
    const archive = new PMTiles(`${server.origin}${BASEMAP}`);
    const header = await archive.getHeader();
    expect(header.maxZoom).toBe(14);
    const tile = await archive.getZxy(14, 8089, 5743);
    expect(tile?.data.byteLength).toBeGreaterThan(10_000);
  });

  it('serves the glyphs, refuses an impossible range and answers 404 for a missing basemap', async () => {
    const glyphs = await fetch(`${server.origin}/map/glyphs/Roboto%20Regular/0-255.pbf`);
    expect(glyphs.status).toBe(200);
    expect(glyphs.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await glyphs.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    const tooFar = await fetch(`${server.origin}${BASEMAP}`, { headers: { Range: 'bytes=99999999-' } });
    expect(tooFar.status).toBe(416);
    expect((await fetch(`${server.origin}/map/basemap/missing.pmtiles`)).status).toBe(404);
  });
});

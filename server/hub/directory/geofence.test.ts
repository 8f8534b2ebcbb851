/** "Beacon left its site" with real Saint-Nazaire places: the demo sites, and points from the open data. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoDirectory } from '../paths';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture } from '../test-helpers';
import { isOutsideSite } from './geofence';

const directory = loadDemoDirectory();
const site = (id: string) => directory.sites.find((s) => s.id === id)!;
// From resources/data/saint-nazaire/saint-nazaire-area-osm-pois.geojson (OSM).
const FIRE_STATION = { lat: 47.27799, lon: -2.2469 }; // Centre de secours principal de Saint-Nazaire
const POLICE = { lat: 47.27439, lon: -2.21619 }; // Police nationale

describe('site geofence (real coordinates)', () => {
  it('keeps a beacon at its school inside, and one at the fire station outside', () => {
    const conti = site('school-0442759k'); // Collège Anita Conti: an area drawn around its OSM building
    expect(conti.area).toBeDefined();
    expect(isOutsideSite(conti, conti.position)).toBe(false);
    expect(isOutsideSite(conti, FIRE_STATION)).toBe(true);
    // 11 m south of its area's southernmost corner: outside the drawn area but within the fix margin, not "left".
    const [lon, lat] = [...conti.area!].sort((a, b) => a[1] - b[1])[0]!;
    expect(isOutsideSite(conti, { lat: lat - 0.0001, lon })).toBe(false);
    expect(isOutsideSite(conti, { lat: lat - 0.001, lon })).toBe(true);
  });

  it('uses a radius around the site when no area is drawn', () => {
    const stLouis = site('school-0440177d'); // Lycée Saint-Louis, no drawn area
    expect(stLouis.area).toBeUndefined();
    expect(isOutsideSite(stLouis, { lat: stLouis.position.lat + 0.001, lon: stLouis.position.lon })).toBe(false); // ~110 m north
    expect(isOutsideSite(stLouis, POLICE)).toBe(true); // ~740 m away
  });
});

describe('hub: a position outside the site raises "balise hors de son site" once per episode', () => {
  let f: Fixture | null = null;
  afterEach(async () => {
    await f?.cleanup();
    f = null;
  });

  it('raises one technical case, not again while outside, and tells the case when the beacon is back', async () => {
    f = await startFixture(undefined, { directory });
    const session = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, session.token);
    await c.snapshot;
    const beacon = 'SN-PPMS-016';
    const status = (position: { lat: number; lon: number }) => postAlarm(f!.hub.url, f!.key, alarmBody({ beaconId: beacon, kind: 'device.test-transmission', position }));
    expect((await status(FIRE_STATION)).ok).toBe(true);
    const left = await c.waitFor((x) => x.kind === 'device.left-site', 10_000);
    expect(left).toMatchObject({ beaconId: beacon, siteId: 'school-0442759k', priority: 3, position: FIRE_STATION });
    expect(left.text).toMatch(/^Balise hors de son site : à 1,3 km de Collège Anita Conti$/);
    // Still outside: nothing new. Then back at school: the same case learns it (checks run in order).
    expect((await status(POLICE)).ok).toBe(true);
    expect((await status(site('school-0442759k').position)).ok).toBe(true);
    const told = await c.waitFor((x) => x.id === left.id && x.version > left.version, 10_000);
    expect(told.alarmCount).toBe(1);
    expect(c.deltas.filter((x) => x.kind === 'device.left-site').map((x) => x.id).every((id) => id === left.id)).toBe(true);
  });
});

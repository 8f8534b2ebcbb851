/** The flood against a real hub over HTTP: every alarm acknowledged, re-sends make no second alarm. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoDirectory } from '../../hub/paths';
import { startFixture, type Fixture } from '../../hub/test-helpers';
import { httpTransport } from '../transport';
import { beaconsOfSite, floodBeaconIds, withFloodBeacons } from './flood-beacons';
import { startFlood } from './flood';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.cleanup();
  f = undefined;
});

const SITE = 'school-0441482x';

function storedAlarms(dataDir: string): { beacon_id: string; reference: string }[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare('select beacon_id, reference from alarms').all() as { beacon_id: string; reference: string }[];
  } finally {
    db.close();
  }
}

describe('flood', () => {
  it('adds classroom beacons to one site, named after it, and refuses an unknown site clearly', () => {
    const demo = loadDemoDirectory();
    const dir = withFloodBeacons(demo, SITE, 12);
    expect(beaconsOfSite(dir, SITE)).toEqual(expect.arrayContaining(floodBeaconIds(SITE, 12)));
    expect(dir.beacons.filter((b) => b.siteId === SITE && b.use === 'ppms')).toHaveLength(12 + beaconsOfSite(demo, SITE).length);
    expect(withFloodBeacons(dir, SITE, 12).beacons).toHaveLength(dir.beacons.length);
    expect(() => withFloodBeacons(demo, 'nowhere', 3)).toThrow(/no site "nowhere"/);
  });

  it('one site, 12 beacons, 150 alarms each sent 3 times: 450 acknowledged, 150 stored, none lost', async () => {
    const directory = withFloodBeacons(loadDemoDirectory(), SITE, 12);
    f = await startFixture(undefined, { directory });
    const acked: string[] = [];
    const flood = startFlood({
      transport: httpTransport(f.hub.url, f.key),
      directory,
      siteId: SITE,
      alarms: 150,
      resends: 2,
      concurrency: 16,
      seed: 3,
      onAcknowledged: (ref) => acked.push(ref),
    });
    const r = await flood.done;
    expect(r).toMatchObject({ alarms: 150, sent: 450, acknowledged: 450, alarmsAcknowledged: 150, duplicates: 300, failed: 0 });
    expect(r.errors).toEqual([]);
    expect(r.ackMs.p99).toBeGreaterThan(0);
    const stored = storedAlarms(f.dataDir);
    expect(stored).toHaveLength(150);
    expect(new Set(stored.map((a) => a.reference))).toEqual(new Set(acked));
    // Many beacons of the one site, not one.
    expect(new Set(stored.map((a) => a.beacon_id)).size).toBeGreaterThan(8);
    expect(stored.every((a) => beaconsOfSite(directory, SITE).includes(a.beacon_id))).toBe(true);
  }, 30_000);

  it('counts refusals instead of hiding them (a wrong gateway key)', async () => {
    const directory = loadDemoDirectory();
    f = await startFixture(undefined, { directory });
    const r = await startFlood({ transport: httpTransport(f.hub.url, 'nope.nope'), directory, siteId: SITE, alarms: 5, resends: 0 }).done;
    expect(r).toMatchObject({ alarms: 5, sent: 5, acknowledged: 0, alarmsAcknowledged: 0, failed: 5 });
    expect(r.errors[0]).toMatch(/^5× hub refused the alarm \(401\)/);
  });
});

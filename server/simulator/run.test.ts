/** The simulation flags and the simulation beside a real hub (SCAIP when it can, HTTP otherwise), flood included. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoDirectory } from '../hub/paths';
import { silent, startFixture, type Fixture } from '../hub/test-helpers';
import { directoryFor, everydayDirectory, floodSummary, simulationPlan, startSimulation, type RunningSimulation } from './run';

let f: Fixture | undefined;
let sim: RunningSimulation | undefined;
afterEach(async () => {
  await sim?.stop();
  await f?.cleanup();
  sim = f = undefined;
});

const SITE = 'school-0441482x';

describe('simulation flags', () => {
  it('reads rate, protocol and flood, with clear refusals', () => {
    expect(simulationPlan({})).toEqual({ ratePerMinute: 6 });
    expect(simulationPlan({ rate: '0', 'sim-protocol': 'http', flood: SITE })).toEqual({ ratePerMinute: 0, protocol: 'http', flood: { siteId: SITE, alarms: 200, beacons: 20 } });
    expect(simulationPlan({ flood: SITE, 'flood-alarms': '10000', 'flood-beacons': '500' }).flood).toEqual({ siteId: SITE, alarms: 10_000, beacons: 500 });
    expect(() => simulationPlan({ 'sim-protocol': 'sia' })).toThrow('Invalid --sim-protocol (scaip or http): sia');
    expect(() => simulationPlan({ flood: SITE, 'flood-beacons': '0' })).toThrow('Invalid --flood-beacons (a whole number from 1 to 500): 0');
    expect(() => simulationPlan({ rate: '-1' })).toThrow('Invalid rate: -1');
    expect(simulationPlan({ flood: SITE, 'flood-spread-s': '0' }).flood).toMatchObject({ spreadMs: 0 });
    expect(() => simulationPlan({ flood: SITE, 'flood-spread-s': '1.5' })).toThrow('Invalid --flood-spread-s (whole seconds, 0 to 3600): 1.5');
    expect(() => directoryFor(simulationPlan({ flood: 'nowhere' }), loadDemoDirectory())).toThrow(/no site "nowhere"/);
    // The everyday mix never draws from the flooded site (a drill there would make the flood an exercise).
    const plan = simulationPlan({ flood: SITE });
    const full = directoryFor(plan, loadDemoDirectory());
    const everyday = everydayDirectory(plan, full);
    expect(everyday.beacons.length).toBe(full.beacons.filter((b) => b.siteId !== SITE).length);
    expect(everyday.beacons.some((b) => b.siteId === SITE)).toBe(false);
    expect(everydayDirectory(simulationPlan({}), full)).toBe(full);
  });
});

describe('simulation beside a real hub', () => {
  it('over SCAIP when the hub has a SIP port and demo credentials: a flood at one site, none lost', async () => {
    const plan = simulationPlan({ rate: '0', flood: SITE, 'flood-alarms': '40', 'flood-beacons': '10', 'flood-spread-s': '0' });
    const directory = directoryFor(plan, loadDemoDirectory());
    f = await startFixture(undefined, { directory, sip: { host: '127.0.0.1', port: 0 } });
    sim = await startSimulation(plan, { ...f.hub, dataDir: f.dataDir, demo: true }, directory, silent);
    expect(sim.protocol).toBe('scaip');
    const r = (await sim.flood)!;
    expect(r).toMatchObject({ alarms: 40, sent: 120, acknowledged: 120, alarmsAcknowledged: 40, failed: 0 });
    expect(floodSummary(SITE, r)).toMatch(/^Flood at school-0441482x: 40 alarms, 120 messages sent, 120 acknowledged, 0 lost, in \d+\.\d s/);
    const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
    try {
      expect(db.prepare("select count(*) n from alarms where source like 'scaip:%'").get()).toEqual({ n: 40 });
    } finally {
      db.close();
    }
  }, 30_000);

  it('over HTTP when the hub has no SIP port', async () => {
    const directory = loadDemoDirectory();
    f = await startFixture(undefined, { directory });
    sim = await startSimulation({ ratePerMinute: 0 }, { ...f.hub, dataDir: f.dataDir, demo: true }, directory, silent);
    expect(sim).toMatchObject({ protocol: 'http', beaconsAt: null });
    await expect(startSimulation({ ratePerMinute: 0, protocol: 'scaip' }, { ...f.hub, dataDir: f.dataDir, demo: true }, directory, silent)).rejects.toThrow('this hub opened no SIP port');
  });
});

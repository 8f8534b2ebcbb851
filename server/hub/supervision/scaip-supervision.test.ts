/**
 * Supervision over the real protocol path: simulated SCAIP beacons (digest auth, SIP over
 * UDP) send heartbeats (mty PI) to a real hub's receiver; the hub answers snu 0 with the
 * period in hbi, keeps the record, raises "balise muette" once in a console's queue when the
 * beacon stops, and ends the episode at its next heartbeat (the case shows it). Periods of one second so the
 * real watcher runs; the test waits on answers and console events, never sleeps.
 */
import { afterEach, expect, it } from 'vitest';
import { startDemoBeacons } from '../../simulator/scaip/demo';
import { connectConsole, login, silent, startFixture, TEST_DIRECTORY, type Fixture } from '../test-helpers';
import { beaconStateFor, setHeartbeatPeriodOffline } from './beacon-record';
import { supervisionFixture } from './test-context';

const FAST = { periodsS: { ppms: 1, pti: 1, ms70: 1, unknown: 1 }, graceRatio: 0, minGraceS: 0, checkEveryMs: 100 };
let f: Fixture | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await f?.cleanup();
  f = undefined;
});

async function stateOf(dataDir: string, beaconId: string) {
  const db = await supervisionFixture(dataDir);
  try {
    return await beaconStateFor(db.hub.db, beaconId);
  } finally {
    await db.cleanup();
  }
}

it('a SCAIP beacon that stops its heartbeats reaches the queue once as "balise muette"; its next heartbeat ends the episode and the operator sees it', async () => {
  f = await startFixture(undefined, { directory: TEST_DIRECTORY, sip: { host: '127.0.0.1', port: 0 }, supervision: FAST });
  const sip = f.hub.sip;
  if (!sip) throw new Error('the hub opened no SCAIP port');
  const beacons = await startDemoBeacons({ hub: sip, directory: TEST_DIRECTORY, logger: silent, heartbeats: false });
  cleanups.push(() => beacons.close());
  const operator = await connectConsole(f, (await login(f.hub.url, 'operateur1')).token);
  await operator.snapshot;

  // The answer tells the beacon its period (hbi, whole minutes, at least 1).
  expect(await beacons.heartbeat('B-1')).toMatchObject({ snu: 0, hbi: 1 });
  expect(await stateOf(f.dataDir, 'B-1')).toMatchObject({ beaconId: 'B-1', heartbeatPeriodS: 1, silentSince: null });

  const silent1 = await operator.waitFor((c) => c.kind === 'device.heartbeat-missed', 10_000);
  expect(silent1).toMatchObject({ beaconId: 'B-1', siteName: 'École Jean Jaurès', status: 'open', priority: 3 });
  await expect.poll(async () => (await stateOf(f?.dataDir ?? '', 'B-1'))?.silentSince, { timeout: 5_000 }).toEqual(expect.any(String));

  // A minute from now on (as `supervision period B-1 1` does), so no new episode starts while we look.
  const admin = await supervisionFixture(f.dataDir);
  await setHeartbeatPeriodOffline(admin.hub.db, 'B-1', 60);
  await admin.cleanup();
  expect(await beacons.heartbeat('B-1')).toMatchObject({ snu: 0, hbi: 1 });
  expect(await stateOf(f.dataDir, 'B-1')).toMatchObject({ silentSince: null, heartbeatPeriodS: 60 });
  // The operator's copy of the case shows the beacon talking again.
  const back = await operator.waitFor((c) => c.id === silent1.id && c.version > silent1.version && c.beacon?.silentSince === null);
  expect(back).toMatchObject({ status: 'open', beacon: { beaconId: 'B-1' } });
  expect(new Set(operator.deltas.filter((c) => c.kind === 'device.heartbeat-missed').map((c) => c.id))).toEqual(new Set([silent1.id]));
  expect(beacons.counts()).toMatchObject({ refused: 0 });
});

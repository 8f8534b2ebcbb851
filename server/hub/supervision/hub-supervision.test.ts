// A whole hub (real SQLite, real socket.io console): a supervised beacon that stops talking
// reaches an operator's queue as ONE "balise muette" case, at its site. Periods of one second
// so the real watcher can run; the test waits on the console's case event, never sleeps.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { connectConsole, login, startFixture, type Fixture } from '../test-helpers';
import { beaconStateFor, recordHeartbeat } from './beacon-record';
import { configureSupervision } from './config';
import { supervisionFixture } from './test-context';

const FAST = { periodsS: { ppms: 1, pti: 1, ms70: 1, unknown: 1 }, graceRatio: 0, minGraceS: 0 };
let f: Fixture | undefined;
afterEach(async () => f?.cleanup());

it('a silent beacon reaches the queue once as "balise muette", at its site, with its last state', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'veille-hub-'));
  // The beacon was heard (a heartbeat stored in this data folder) before the hub starts.
  const before = await supervisionFixture(dataDir);
  configureSupervision(before.hub, FAST);
  await recordHeartbeat(before.hub, { beaconId: 'B-1', at: new Date().toISOString(), battery: 12, charger: 'unplugged', details: {} });
  await before.cleanup();

  f = await startFixture(dataDir, { supervision: { ...FAST, checkEveryMs: 100 } });
  const { token } = await login(f.hub.url, 'operateur1');
  const console1 = await connectConsole(f, token);
  // Raised about a second after the start: in the console's snapshot if it connected later (a loaded machine), else as a delta.
  const isSilent = (c: { kind: string }) => c.kind === 'device.heartbeat-missed';
  const silent = (await console1.snapshot).cases.find(isSilent) ?? (await console1.waitFor(isSilent, 10_000));
  expect(silent).toMatchObject({ beaconId: 'B-1', siteName: 'École Jean Jaurès', status: 'open', priority: 3, drill: false });
  expect(silent.text).toMatch(/^Balise muette : aucun message depuis \d+ s \(attendu toutes les 1 s\)$/);
  // The episode is marked open right after the alarm is stored: the next passes skip the beacon
  // (one alarm per episode; watcher.test.ts follows it over hours with fake timers).
  const after = await supervisionFixture(dataDir);
  try {
    await vi.waitFor(async () => expect((await beaconStateFor(after.hub.db, 'B-1'))?.silentSince).toEqual(expect.any(String)));
    expect(await beaconStateFor(after.hub.db, 'B-1')).toMatchObject({ battery: 12, charger: 'unplugged' });
  } finally {
    await after.cleanup();
  }
});

/**
 * Simulated SCAIP beacons against a real hub with its SCAIP receiver (demo credentials,
 * real SQLite, a real console socket): HOLD until an operator claims, then snu 0 with the
 * voice mode; technical messages answered at once; heartbeats; a flood with re-sends.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mrs } from '../../hub/scaip/message';
import { connectConsole, login, silent, startFixture, TEST_DIRECTORY, type Fixture } from '../../hub/test-helpers';
import { listDrills } from '../../hub/drills/drills';
import { openDatabase } from '../../hub/db/database';
import { startFlood, withFloodBeacons } from '../flood/index';
import { hubDrillAnnouncer } from '../hub-drills';
import { startSimulator } from '../index';
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import { loadDemoDirectory } from '../../hub/paths';
import { defaultBeaconAddress } from './beacons';
import { SCAIP_CODES, SENT_AS, useFor } from './codes';
import { startDemoBeacons } from './demo';

let f: Fixture | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await f?.cleanup();
  f = undefined;
});

async function hubWithScaip(directory = TEST_DIRECTORY, local: { address?: string; publicAddress?: string } = {}) {
  f = await startFixture(undefined, { directory, sip: { host: '127.0.0.1', port: 0 } });
  const sip = f.hub.sip;
  if (!sip) throw new Error('the hub opened no SCAIP port');
  const answers: { beaconId: string; mrs: Mrs }[] = [];
  const beacons = await startDemoBeacons({ hub: sip, directory, logger: silent, heartbeats: false, ...local, onMrs: (beaconId, mrs) => answers.push({ beaconId, mrs }) });
  cleanups.push(() => beacons.close());
  return { f, beacons, answers };
}

function storedAlarms(dataDir: string): { reference: string; beacon_id: string }[] {
  const db = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare('select reference, beacon_id from alarms').all() as { reference: string; beacon_id: string }[];
  } finally {
    db.close();
  }
}

describe('simulated SCAIP beacons against the real hub', () => {
  it('an intrusion is held (snu 4) until an operator claims it, then snu 0 with discreet listening (mre 2)', async () => {
    const { f, beacons, answers } = await hubWithScaip();
    const c = await connectConsole(f, (await login(f.hub.url, 'operateur1')).token);
    await c.snapshot;
    const sim = startSimulator({ transport: beacons.transport, directory: TEST_DIRECTORY, ratePerMinute: 0, logger: silent });
    const sent = await sim.sendOne({ beaconId: 'B-1', kind: 'ppms.intrusion', drill: false });
    expect(sent).toMatchObject({ acknowledged: true, snu: 4 });
    const kase = await c.waitFor((k) => k.beaconId === 'B-1' && k.kind === 'ppms.intrusion');
    expect(kase.siteName).toBe('École Jean Jaurès');
    expect(beacons.openSessions()).toBe(1);
    expect(await c.command({ type: 'claim', caseId: kase.id })).toMatchObject({ ok: true });
    await expect.poll(() => answers.find((a) => a.mrs.ref === sent.reference && a.mrs.snu === 0)?.mrs).toMatchObject({ snu: 0, mre: 2 });
    expect(beacons.openSessions()).toBe(0);
    expect(storedAlarms(f.dataDir).filter((a) => a.reference === sent.reference)).toHaveLength(1);
  });

  it('a technical fault is answered snu 0 at once; a heartbeat too', async () => {
    const { beacons } = await hubWithScaip();
    expect(await beacons.transport.send({ reference: 'T1', occurredAt: new Date().toISOString(), alarm: { beaconId: 'B-2', kind: 'device.low-battery', drill: false } })).toMatchObject({
      acknowledged: true,
      snu: 0,
    });
    expect(await beacons.heartbeat('B-2')).toMatchObject({ snu: 0 });
    expect(beacons.counts()).toMatchObject({ refused: 0 });
  });

  it('works beside the hub on 127.0.0.1 itself when that address is named otherwise (macOS has no 127.0.0.2)', async () => {
    const local = defaultBeaconAddress('darwin');
    expect(local).toEqual({ address: '127.0.0.1', publicAddress: 'localhost' });
    const { beacons, answers } = await hubWithScaip(TEST_DIRECTORY, local);
    expect(await beacons.heartbeat('B-1')).toMatchObject({ snu: 0 });
    expect(await beacons.transport.send({ reference: 'M1', occurredAt: new Date().toISOString(), alarm: { beaconId: 'B-1', kind: 'ppms.intrusion', drill: false } })).toMatchObject({ snu: 4 });
    expect(answers.map((a) => a.mrs.snu)).toEqual([0, 4]);
  });

  it('a drill is registered for its site before the beacon triggers it, and its case is a drill', async () => {
    const { f, beacons } = await hubWithScaip();
    const c = await connectConsole(f, (await login(f.hub.url, 'operateur1')).token);
    await c.snapshot;
    const drills = hubDrillAnnouncer(f.dataDir, silent);
    cleanups.push(() => drills.close());
    const sim = startSimulator({ transport: beacons.transport, directory: TEST_DIRECTORY, ratePerMinute: 0, logger: silent, announceDrill: drills.announce });
    await sim.sendOne({ beaconId: 'B-1', kind: 'ppms.evacuation', drill: true });
    const kase = await c.waitFor((k) => k.beaconId === 'B-1');
    const db = await openDatabase(join(f.dataDir, 'hub.sqlite'), silent);
    cleanups.push(() => db.destroy());
    const [drill] = await listDrills(db, { siteId: 'school-test' });
    expect(drill).toMatchObject({ siteId: 'school-test', createdBy: 'simulator', note: 'Exercice PPMS (simulateur)' });
    expect(drill!.from < kase.receivedAt && kase.receivedAt < drill!.to).toBe(true);
    expect(kase).toMatchObject({ kind: 'ppms.evacuation', drill: true });
  });

  it('every kind a beacon can say over SCAIP is stored by the hub as that kind (or its stand-in), no code unknown', async () => {
    const directory = loadDemoDirectory();
    const { f, beacons } = await hubWithScaip(directory);
    const sim = startSimulator({ transport: beacons.transport, directory, ratePerMinute: 0, logger: silent });
    const beaconOf = (use: string) => directory.beacons.find((b) => b.use === use)!.id;
    const sent: { reference: string; kind: string }[] = [];
    for (const kind of Object.keys(SCAIP_CODES) as AlarmKind[]) {
      const use = useFor(kind);
      const r = await sim.sendOne({ beaconId: beaconOf(use ?? 'ppms'), kind, drill: false });
      sent.push({ reference: r.reference, kind: SENT_AS[kind] ?? kind });
    }
    const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
    try {
      const stored = db.prepare('select reference, kind, details from alarms union all select reference, kind, details from loose_alarms').all() as { reference: string; kind: string; details: string | null }[];
      expect(stored.map((a) => ({ reference: a.reference, kind: a.kind })).sort((x, y) => x.reference.localeCompare(y.reference))).toEqual(
        [...sent].sort((x, y) => x.reference.localeCompare(y.reference)),
      );
      expect(stored.filter((a) => a.details?.includes('unknownCodes'))).toEqual([]);
    } finally {
      db.close();
    }
    await expect(sim.sendOne({ beaconId: beaconOf('ppms'), kind: 'device.moved' })).rejects.toThrow('the scaip transport cannot send device.moved');
  });

  it('a flood at one site over SCAIP: 60 alarms from 10 beacons, each sent twice, all acknowledged, 60 stored', async () => {
    const directory = withFloodBeacons(TEST_DIRECTORY, 'school-test', 10);
    const { f, beacons } = await hubWithScaip(directory);
    const r = await startFlood({ transport: beacons.transport, directory, siteId: 'school-test', alarms: 60, resends: 1, concurrency: 16, seed: 5 }).done;
    expect(r).toMatchObject({ alarms: 60, sent: 120, acknowledged: 120, alarmsAcknowledged: 60, failed: 0 });
    const stored = storedAlarms(f.dataDir);
    expect(stored).toHaveLength(60);
    expect(new Set(stored.map((a) => a.beacon_id)).size).toBeGreaterThan(5);
  }, 30_000);
});

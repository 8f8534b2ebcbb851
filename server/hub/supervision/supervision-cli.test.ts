// `npm run hub -- supervision …` run in-process (runAdmin) against the data folder of a real
// running hub: the silent beacons an administrator looks for, and a beacon's period.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../admin/run';
import { startHub, type RunningHub } from '../index';
import { silent, TEST_DIRECTORY } from '../test-helpers';
import { beaconStateFor, recordHeartbeat } from './beacon-record';
import { supervisionFixture } from './test-context';

let dataDir: string;
let hub: RunningHub;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'veille-supervision-cli-'));
  hub = await startHub({ dataDir, port: 0, directory: TEST_DIRECTORY, logger: silent });
});
afterEach(async () => {
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return adminWithInput('', ...args);
}

async function adminWithInput(stdin: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _enc, done) => (append(chunk.toString()), done()) });
  const code = await runAdmin([...args, '--data-dir', dataDir], { stdin: Readable.from(stdin ? [stdin] : []), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {} });
  return { code, out, err };
}

/** Works on the running hub's database as its SCAIP receiver would. */
async function onHubDb<T>(fn: (f: Awaited<ReturnType<typeof supervisionFixture>>) => Promise<T>): Promise<T> {
  const f = await supervisionFixture(dataDir);
  try {
    return await fn(f);
  } finally {
    await f.cleanup();
  }
}

const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();

describe('supervision commands', () => {
  it('lists supervised beacons with their state; --silent only the silent or overdue ones', async () => {
    expect(await admin('supervision', 'list')).toMatchObject({ code: 0, out: '', err: 'No supervised beacon yet (a beacon is supervised from its first heartbeat or periodic test).\n' });
    await onHubDb(async (f) => {
      await recordHeartbeat(f.hub, { beaconId: 'B-1', at: ago(5), battery: 90, charger: 'connected', details: {} });
      // B-2 (PTI, 15 min + 7.5) last spoke 40 min ago: overdue.
      await recordHeartbeat(f.hub, { beaconId: 'B-2', at: ago(40), battery: 8, charger: 'unplugged', details: {} });
    });
    const all = await admin('supervision', 'list');
    expect(all.code).toBe(0);
    const lines = all.out.trim().split('\n');
    expect(lines[0]).toMatch(/^BEACON\s+STATE\s+LAST MESSAGE\s+PERIOD\s+EXPECTED BY\s+BATTERY\s+CHARGER$/);
    expect(lines[1]).toMatch(/^B-1\s+ok\s+\S+\s+60 min\s+\S+\s+90 %\s+connected$/);
    expect(lines[2]).toMatch(/^B-2\s+late\s+\S+\s+15 min\s+\S+\s+8 %\s+unplugged$/);
    const silentOnes = await admin('supervision', 'list', '--silent');
    expect(silentOnes.out).toContain('B-2');
    expect(silentOnes.out).not.toContain('B-1 ');
  });

  it('sets a beacon’s period in minutes and back to its default', async () => {
    await onHubDb((f) => recordHeartbeat(f.hub, { beaconId: 'B-2', at: ago(1), details: {} }));
    expect(await admin('supervision', 'period', 'B-2', '5')).toMatchObject({
      code: 0,
      out: 'Beacon B-2: heartbeat expected every 5 min (told to the beacon in hbi when it accepts it).\n',
    });
    expect(await onHubDb((f) => beaconStateFor(f.hub.db, 'B-2'))).toMatchObject({ heartbeatPeriodS: 300 });
    // The hub (with its directory) keeps the override at the next heartbeat.
    expect((await onHubDb((f) => recordHeartbeat(f.hub, { beaconId: 'B-2', at: new Date().toISOString(), details: {} }))).heartbeatPeriodS).toBe(300);
    expect((await admin('supervision', 'period', 'B-2', 'default')).code).toBe(0);
    // Back to the PTI default once the hub sees the beacon again.
    expect((await onHubDb((f) => recordHeartbeat(f.hub, { beaconId: 'B-2', at: new Date().toISOString(), details: {} }))).heartbeatPeriodS).toBe(900);
  });

  it('forgets a beacon taken out of service: no longer listed nor supervised', async () => {
    await onHubDb((f) => recordHeartbeat(f.hub, { beaconId: 'B-2', at: ago(40), details: {} }));
    expect(await admin('supervision', 'forget', 'B-2')).toMatchObject({ code: 0, out: 'Beacon B-2 is no longer supervised (its past silences stay in the record). A new message from it starts supervision again.\n' });
    expect(await onHubDb((f) => beaconStateFor(f.hub.db, 'B-2'))).toBeNull();
    expect((await admin('supervision', 'list', '--silent')).err).toBe('No silent beacon.\n');
    expect(await admin('supervision', 'forget', 'B-2')).toMatchObject({ code: 1, err: 'Beacon "B-2" is not supervised.\n' });
  });

  it('a beacon removed (its SCAIP credentials) is no longer supervised: refused from then on, it must not be called silent', async () => {
    expect((await adminWithInput('mot-de-passe-balise\n', 'beacon', 'add', 'B-2', '--site', 'municipal-test')).code).toBe(0);
    await onHubDb((f) => recordHeartbeat(f.hub, { beaconId: 'B-2', at: ago(1), details: {} }));
    expect((await admin('beacon', 'remove', 'B-2')).code).toBe(0);
    expect(await onHubDb((f) => beaconStateFor(f.hub.db, 'B-2'))).toBeNull();
  });

  it('reports the week per beacon, those to check first', async () => {
    await onHubDb(async (f) => {
      await recordHeartbeat(f.hub, { beaconId: 'B-1', at: ago(5), details: {} });
      await recordHeartbeat(f.hub, { beaconId: 'B-2', at: ago(5), battery: 41, charger: 'unplugged', details: {} });
    });
    const r = await admin('supervision', 'report');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Supervision from \S+ to \S+ \(UTC\): 2 beacon\(s\), 1 to check\.\n$/);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^BEACON\s+CHECK\s+SILENCES\s+SILENT FOR\s+CHARGER\s+BATTERY\s+LAST SELF-TEST\s+NOW$/);
    expect(lines[1]).toMatch(/^B-2\s+yes\s+0\s+unplugged\s+41 %\s+never\s+ok$/);
    expect(lines[2]).toMatch(/^B-1\s+0\s+never\s+ok$/);
    expect((await admin('supervision', 'report', '--days', '30')).code).toBe(0);
  });

  it('refuses a beacon never heard (exit 1) and bad periods or options (exit 2)', async () => {
    expect(await admin('supervision', 'period', 'B-9', '10')).toMatchObject({ code: 1, err: 'Beacon "B-9" is not supervised yet: its period can be set once it has sent a heartbeat.\n' });
    for (const [args, message] of [
      [['supervision', 'period', 'B-1', '0'], 'from 1 to 1440'],
      [['supervision', 'period', 'B-1', '1441'], 'from 1 to 1440'],
      [['supervision', 'period', 'B-1', '1.5'], 'from 1 to 1440'],
      [['supervision', 'period', 'B-1'], 'a beacon id and a number of minutes'],
      [['supervision', 'list', '--site', 'x'], '--site is not an option of "supervision"'],
      [['supervision', 'stats'], 'Unknown command "supervision stats"'],
      [['supervision', 'forget'], 'exactly one beacon id'],
      [['supervision', 'report', '--days', '0'], 'from 1 to 366'],
      [['supervision', 'report', '--days', 'week'], 'from 1 to 366'],
      [['supervision', 'list', '--days', '7'], '--days is only for "supervision report"'],
      [['drill', 'list', '--days', '7'], '--days is not an option of "drill"'],
      [['user', 'list', '--silent'], '--silent is only for "supervision list"'],
    ] as [string[], string][]) {
      const r = await admin(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toContain(message);
    }
  });
});

// The weekly supervision report on a real hub database, with the watcher under fake timers:
// the beacons a security officer must check come first, with their silences.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { beaconStateFor, forgetBeacon, recordHeartbeat } from './beacon-record';
import { supervisionReport } from './report';
import { supervisionFixture, type SupervisionFixture } from './test-context';
import { startSupervision, type SupervisionWatcher } from './watcher';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const iso = (ms: number): string => new Date(ms).toISOString();
let f: SupervisionFixture;
let watcher: SupervisionWatcher;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: T0 });
  f = await supervisionFixture();
  watcher = startSupervision(f.hub, { checkEveryMs: 60_000 });
});
afterEach(async () => {
  await watcher.stop();
  vi.useRealTimers();
  await f.cleanup();
});

async function at(ms: number): Promise<void> {
  vi.setSystemTime(ms);
  await watcher.sweep();
}

/** A heartbeat received at that time (the hub clock moved there first: a time ahead of it is not taken). */
async function hb(beaconId: string, ms: number, extra: { battery?: number; charger?: 'connected' | 'unplugged' } = {}): Promise<void> {
  vi.setSystemTime(ms);
  await recordHeartbeat(f.hub, { beaconId, at: iso(ms), details: {}, ...extra });
}

it('lists silences within the period, silent time and charger, those to check first', async () => {
  // X-old: silent 9 days ago for an hour and a half (outside a 7-day report).
  await hb('X-old', T0);
  await at(T0 + 91 * MIN);
  await hb('X-old', T0 + 120 * MIN);
  const start = T0 + 9 * DAY;
  // X-now and X-gone (hourly): last heard 3 h ago; X-old keeps talking since.
  await hb('X-now', start - 3 * 60 * MIN);
  await hb('X-gone', start - 3 * 60 * MIN);
  await hb('X-old', start - 61 * MIN);
  // B-2 (PTI): silent from its heartbeat an hour ago, raised 23 min later, back 40 min after its last one.
  await hb('B-2', start - 60 * MIN);
  await at(start - 37 * MIN);
  expect(await beaconStateFor(f.hub.db, 'X-now')).toMatchObject({ silentSince: iso(start - 37 * MIN) });
  await hb('B-2', start - 20 * MIN, { charger: 'connected' });
  // B-1: talks every hour, but its charger is unplugged (the cleaning staff's kettle).
  await hb('B-1', start, { battery: 64, charger: 'unplugged' });
  await at(start + MIN);
  // X-gone taken out of service: only its past silence remains.
  await forgetBeacon(f.hub.db, 'X-gone');

  const r = await supervisionReport(f.hub.db, { days: 7, now: start + 30 * MIN });
  expect(r).toMatchObject({ from: iso(start + 30 * MIN - 7 * DAY), to: iso(start + 30 * MIN) });
  expect(r.beacons.map((b) => [b.beaconId, b.attention, b.silences, b.silentMs / MIN])).toEqual([
    ['X-gone', true, 1, 3 * 60 + 30],
    ['X-now', true, 1, 3 * 60 + 30],
    ['B-2', true, 1, 40],
    ['B-1', true, 0, 0],
    ['X-old', false, 0, 0],
  ]);
  expect(r.beacons.find((b) => b.beaconId === 'X-gone')?.state).toBeNull();
  expect(r.beacons.find((b) => b.beaconId === 'B-1')?.state).toMatchObject({ charger: 'unplugged', battery: 64 });
});

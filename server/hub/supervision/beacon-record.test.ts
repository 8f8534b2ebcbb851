// The beacon supervision record on a real hub database: what heartbeats and status messages
// leave on it, and what a case shows of the beacon (beaconStateFor).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm } from '@shared/domain/alarm';
import { WARN } from '../test-helpers';
import { beaconStateFor, recordHeartbeat, recordStatus, setHeartbeatPeriod, SUPERVISION_SOURCE } from './beacon-record';
import { supervisionFixture, type SupervisionFixture } from './test-context';

let f: SupervisionFixture;
beforeEach(async () => {
  f = await supervisionFixture();
});
afterEach(() => f.cleanup());

// In the past: a receipt time ahead of the hub's clock is not taken.
const T0 = '2026-01-15T08:00:00.000Z';
const plus = (iso: string, s: number): string => new Date(Date.parse(iso) + s * 1000).toISOString();

function alarm(over: Partial<Alarm>): Alarm {
  return {
    source: 'scaip:B-1', protocol: 'scaip', beaconId: 'B-1', reference: `r${Math.random().toString(36).slice(2, 10)}`,
    kind: 'device.self-test-passed', occurredAt: T0, position: null, drill: false, text: null, details: {}, raw: '<mrq/>', ...over,
  };
}

describe('heartbeats', () => {
  it('a first heartbeat starts the record: period of the beacon use, deadline = heartbeat + period + grace', async () => {
    expect(await beaconStateFor(f.hub.db, 'B-1')).toBeNull();
    const s = await recordHeartbeat(f.hub, { beaconId: 'B-1', at: T0, battery: 87, charger: 'connected', position: { lat: 47.27, lon: -2.21 }, details: { hbo: '001' } });
    expect(s).toEqual({
      beaconId: 'B-1', lastSeenAt: T0, lastHeartbeatAt: T0, heartbeatPeriodS: 3600, expectedBy: plus(T0, 3600 + 1800), silentSince: null,
      battery: 87, charger: 'connected', mains: null, position: { lat: 47.27, lon: -2.21 }, positionAt: T0,
      lastSelfTestAt: null, lastSelfTestOk: null, lastTestTransmissionAt: null,
    });
    expect(await beaconStateFor(f.hub.db, 'B-1')).toEqual(s);
  });

  it('a PTI beacon is expected every 15 min, one out of the directory hourly', async () => {
    expect((await recordHeartbeat(f.hub, { beaconId: 'B-2', at: T0, details: {} })).heartbeatPeriodS).toBe(900);
    expect((await recordHeartbeat(f.hub, { beaconId: 'B-2', at: T0, details: {} })).expectedBy).toBe(plus(T0, 900 + 450));
    expect((await recordHeartbeat(f.hub, { beaconId: 'X-9', at: T0, details: {} })).heartbeatPeriodS).toBe(3600);
  });

  it('keeps what a heartbeat does not say (battery, charger) and moves the deadline', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: T0, battery: 80, charger: 'unplugged', details: {} });
    const s = await recordHeartbeat(f.hub, { beaconId: 'B-1', at: plus(T0, 3000), details: {} });
    expect(s).toMatchObject({ battery: 80, charger: 'unplugged', lastHeartbeatAt: plus(T0, 3000), expectedBy: plus(T0, 3000 + 5400) });
  });

  it('a late heartbeat (sent before one already stored) does not pull the deadline back', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: plus(T0, 600), details: {} });
    const s = await recordHeartbeat(f.hub, { beaconId: 'B-1', at: T0, details: {} });
    expect(s.lastSeenAt).toBe(plus(T0, 600));
    expect(s.expectedBy).toBe(plus(T0, 600 + 5400));
  });

  it('a bad battery level or receipt time is logged and ignored; the heartbeat still counts', async () => {
    const s = await recordHeartbeat(f.hub, { beaconId: 'B-1', at: 'garbage', battery: 140, details: {} });
    expect(s.battery).toBeNull();
    expect(Date.parse(s.lastHeartbeatAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const warnings = f.lines().filter((l) => l.level === WARN).map((l) => l.msg);
    expect(warnings).toEqual(['heartbeat: unreadable receipt time, the hub clock used', 'heartbeat: battery level out of 0–100 ignored']);
  });

  it('a receipt time ahead of the hub clock is not taken (a dead beacon must not look alive for hours)', async () => {
    const s = await recordHeartbeat(f.hub, { beaconId: 'B-1', at: new Date(Date.now() + 3_600_000).toISOString(), details: {} });
    expect(Date.parse(s.lastHeartbeatAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(f.lines().map((l) => l.msg)).toContain('heartbeat: receipt time ahead of the hub clock, the hub clock used');
  });

  it('an administrator may set a beacon’s period (60 s to 24 h) and reset it to its use’s default', async () => {
    expect(await setHeartbeatPeriod(f.hub, 'B-1', 600)).toBe(false);
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: T0, details: {} });
    expect(await setHeartbeatPeriod(f.hub, 'B-1', 600)).toBe(true);
    expect(await beaconStateFor(f.hub.db, 'B-1')).toMatchObject({ heartbeatPeriodS: 600, expectedBy: plus(T0, 600 + 300) });
    // The override holds for the next heartbeats.
    expect((await recordHeartbeat(f.hub, { beaconId: 'B-1', at: plus(T0, 60), details: {} })).heartbeatPeriodS).toBe(600);
    await expect(setHeartbeatPeriod(f.hub, 'B-1', 10)).rejects.toThrow('60 to 86400');
    await setHeartbeatPeriod(f.hub, 'B-1', null);
    expect(await beaconStateFor(f.hub.db, 'B-1')).toMatchObject({ heartbeatPeriodS: 3600 });
  });
  it('an odd stored value reads as unknown, never an error (the state goes with every case and snapshot)', async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: T0, battery: 50, charger: 'connected', position: { lat: 47.27, lon: -2.21 }, details: {} });
    await f.hub.db.updateTable('beacon_states').set({ battery: 250, charger: 'on-fire', mains: 'maybe', position_lat: 123 }).execute();
    expect(await beaconStateFor(f.hub.db, 'B-1')).toMatchObject({ battery: null, charger: null, mains: null, position: null, positionAt: null, heartbeatPeriodS: 3600 });
  });
});

describe('status and other alarms', () => {
  it('a self-test or a test transmission starts a record and is kept', async () => {
    const s = await recordStatus(f.hub, alarm({ kind: 'device.self-test-passed' }));
    expect(s).toMatchObject({ beaconId: 'B-1', lastSelfTestOk: true, lastHeartbeatAt: null });
    expect(s?.lastSelfTestAt).toBe(s?.lastSeenAt);
    const t = await recordStatus(f.hub, alarm({ kind: 'device.test-transmission' }));
    expect(t?.lastTestTransmissionAt).toBe(t?.lastSeenAt);
    expect((await recordStatus(f.hub, alarm({ kind: 'device.self-test-failed' })))?.lastSelfTestOk).toBe(false);
  });

  it('another alarm of an unsupervised beacon leaves no record (its silence would mean nothing)', async () => {
    expect(await recordStatus(f.hub, alarm({ kind: 'device.charger-unplugged' }))).toBeNull();
    expect(await beaconStateFor(f.hub.db, 'B-1')).toBeNull();
  });

  it('charger, mains, battery and position follow the alarms of a supervised beacon', async () => {
    // A minute ago: the alarms that follow (hub clock) are later.
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: new Date(Date.now() - 60_000).toISOString(), charger: 'connected', details: {} });
    expect(await recordStatus(f.hub, alarm({ kind: 'device.charger-unplugged', details: { battery: '41' } }))).toMatchObject({ charger: 'unplugged', battery: 41 });
    expect(await recordStatus(f.hub, alarm({ kind: 'device.mains-lost' }))).toMatchObject({ mains: 'lost' });
    expect(await recordStatus(f.hub, alarm({ kind: 'device.mains-restored' }))).toMatchObject({ mains: 'on' });
    const s = await recordStatus(f.hub, alarm({ kind: 'ppms.intrusion', position: { lat: 47.3, lon: -2.2 } }));
    expect(s).toMatchObject({ charger: 'unplugged', position: { lat: 47.3, lon: -2.2 } });
    expect(s?.positionAt).toBe(s?.lastSeenAt);
    expect(await recordStatus(f.hub, alarm({ kind: 'device.charger-restored' }))).toMatchObject({ charger: 'connected' });
  });

  it('an alarm that tells nothing new within a minute of the last sign of life is not written (floods)', async () => {
    const start = new Date(Date.now() - 30_000).toISOString();
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: start, charger: 'connected', details: {} });
    expect((await recordStatus(f.hub, alarm({ kind: 'ppms.intrusion' })))?.lastSeenAt).toBe(start);
    // Something new is written at once, and the time with it.
    const moved = await recordStatus(f.hub, alarm({ kind: 'ppms.intrusion', position: { lat: 47.3, lon: -2.2 } }));
    expect(moved?.lastSeenAt).not.toBe(start);
    expect(moved).toMatchObject({ position: { lat: 47.3, lon: -2.2 } });
    // The same position again: nothing new.
    expect((await recordStatus(f.hub, alarm({ kind: 'ppms.intrusion', position: { lat: 47.3, lon: -2.2 } })))?.lastSeenAt).toBe(moved?.lastSeenAt);
    expect(await recordStatus(f.hub, alarm({ kind: 'device.charger-unplugged' }))).toMatchObject({ charger: 'unplugged' });
  });

  it('after a minute, a plain alarm moves the last sign of life and the deadline', async () => {
    const old = new Date(Date.now() - 61_000).toISOString();
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: old, details: {} });
    const s = await recordStatus(f.hub, alarm({ kind: 'ppms.intrusion' }));
    expect(Date.parse(s?.lastSeenAt ?? '')).toBeGreaterThan(Date.parse(old) + 60_000);
    expect(s?.lastHeartbeatAt).toBe(old);
  });

  it("supervision's own alarm is not a sign of life", async () => {
    await recordHeartbeat(f.hub, { beaconId: 'B-1', at: T0, details: {} });
    const s = await recordStatus(f.hub, alarm({ source: SUPERVISION_SOURCE, kind: 'device.heartbeat-missed' }));
    expect(s?.lastSeenAt).toBe(T0);
  });
});

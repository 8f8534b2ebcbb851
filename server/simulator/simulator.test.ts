import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import type { Directory } from '@shared/domain/site';
import { startHub, type RunningHub } from '../hub/index';
import { loadDemoDirectory } from '../hub/paths';
import { connectConsole, login, silent, type Fixture } from '../hub/test-helpers';
import { categoryOf } from '@shared/domain/alarm-kinds';
import { nextEpisode, type Episode } from './alarm-mix';
import { createRng } from './random';
import { startSimulator, type RunningSimulator } from './index';

const directory: Directory = loadDemoDirectory();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoHub(): Promise<{ f: Fixture; hub: RunningHub; key: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'veille-sim-'));
  const hub = await startHub({ dataDir, port: 0, demo: true, logger: silent });
  const f: Fixture = { dataDir, hub, key: '', sockets: [], cleanup: async () => undefined };
  cleanups.push(async () => {
    for (const s of f.sockets) s.disconnect();
    await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { key } = await hub.createGateway('simulateur');
  return { f, hub, key };
}

function track(sim: RunningSimulator): RunningSimulator {
  cleanups.push(() => sim.stop());
  return sim;
}

describe('simulator', () => {
  it('sends an alarm at once that reaches a console as a case at a real site', async () => {
    const { f, hub, key } = await demoHub();
    const c = await connectConsole(f, (await login(hub.url, 'operateur1')).token);
    await c.snapshot;
    track(startSimulator({ hubUrl: hub.url, gatewayKey: key, directory, seed: 7, firstAlarmWithinMs: 200, logger: silent }));
    const kase: Case = await c.waitFor(() => true, 3000);
    const beacon = directory.beacons.find((b) => b.id === kase.beaconId);
    expect(beacon).toBeDefined();
    const site = directory.sites.find((s) => s.id === beacon!.siteId)!;
    expect(kase.siteName).toBe(site.name);
    // Within a few metres of the site.
    expect(Math.abs(kase.position!.lat - site.position.lat)).toBeLessThan(1e-4);
    expect(Math.abs(kase.position!.lon - site.position.lon)).toBeLessThan(1e-4);
  });

  it('sendOne honours the requested beacon, kind and drill', async () => {
    const { f, hub, key } = await demoHub();
    const sim = track(startSimulator({ hubUrl: hub.url, gatewayKey: key, directory, ratePerMinute: 0, logger: silent }));
    const r = await sim.sendOne({ beaconId: 'SN-PPMS-001', kind: 'ppms.confinement', drill: true });
    expect(r.duplicate).toBe(false);
    const c = await connectConsole(f, (await login(hub.url, 'operateur1')).token);
    const snap = await c.snapshot;
    expect(snap.cases).toEqual([expect.objectContaining({ id: r.caseId, beaconId: 'SN-PPMS-001', kind: 'ppms.confinement', drill: true, priority: 3 })]);
  });

  it('retries a failed send with the same reference until the hub answers', async () => {
    const { hub, key } = await demoHub();
    // A flaky gateway in front of the hub: the first two POSTs get a 503.
    const seen: string[] = [];
    let failures = 2;
    const proxy: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push((JSON.parse(body) as { reference: string }).reference);
        if (failures-- > 0) return void res.writeHead(503).end('busy');
        fetch(hub.url + req.url!, { method: 'POST', headers: { 'content-type': 'application/json', authorization: req.headers.authorization! }, body })
          .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()))
          .catch(() => res.writeHead(502).end());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => proxy.close(() => r())));
    const port = (proxy.address() as { port: number }).port;
    track(startSimulator({ hubUrl: `http://127.0.0.1:${port}`, gatewayKey: key, directory, ratePerMinute: 0.001, firstAlarmWithinMs: 1, seed: 1, logger: silent }));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(3);
    expect(new Set(seen).size).toBe(1);
    const health = (await (await fetch(`${hub.url}/health`)).json()) as { openCases: number };
    expect(health.openCases).toBe(1);
  });

  it('draws the field\'s mix: mostly technical and drills, life-safety a small share, a real intrusion rare', () => {
    const rng = createRng(42);
    const episodes = Array.from({ length: 5000 }, () => nextEpisode(rng, directory));
    const share = (pred: (e: Episode) => boolean) => episodes.filter(pred).length / episodes.length;
    const real = (e: Episode) => !e.alarm.drill && categoryOf(e.alarm.kind) === 'life-safety';
    expect(share((e) => e.alarm.kind.startsWith('device.'))).toBeGreaterThan(0.55);
    expect(share((e) => e.alarm.drill)).toBeGreaterThan(0.2);
    expect(share(real)).toBeLessThan(0.2);
    expect(share((e) => real(e) && e.alarm.kind === 'ppms.intrusion')).toBeLessThan(0.01);
    // Drills are PPMS exercises, each from a PPMS beacon of the directory.
    const ppms = new Set(directory.beacons.filter((b) => b.use === 'ppms').map((b) => b.id));
    expect(episodes.filter((e) => e.alarm.drill).every((e) => e.alarm.kind.startsWith('ppms.') && ppms.has(e.alarm.beaconId))).toBe(true);
    // A PTI alarm comes from a PTI beacon, a fire call from an MS70 one.
    const useOf = new Map(directory.beacons.map((b) => [b.id, b.use]));
    expect(episodes.filter((e) => e.alarm.kind.startsWith('pti.')).every((e) => useOf.get(e.alarm.beaconId) === 'pti')).toBe(true);
    expect(episodes.filter((e) => e.alarm.kind === 'ms70.fire').every((e) => useOf.get(e.alarm.beaconId) === 'ms70')).toBe(true);
    // Most unplugged chargers are plugged back, by the same beacon, minutes later.
    const unplugged = episodes.filter((e) => e.alarm.kind === 'device.charger-unplugged');
    const restored = unplugged.filter((e) => e.followUp?.alarm.kind === 'device.charger-restored' && e.followUp.alarm.beaconId === e.alarm.beaconId);
    expect(restored.length / unplugged.length).toBeGreaterThan(0.6);
    expect(restored.every((e) => e.followUp!.afterMs >= 30_000)).toBe(true);
    // A button pressed by mistake is cancelled.
    expect(episodes.filter((e) => e.type === 'false-trigger').every((e) => e.followUp?.alarm.kind === 'device.cancelled')).toBe(true);
    expect(episodes.every((e) => e.alarm.text !== undefined && (e.alarm.drill ? e.alarm.text.startsWith('EXERCICE') : true))).toBe(true);
  });

  it('announces a drill to the drill registry before sending it, once per site window', async () => {
    const { f, hub, key } = await demoHub();
    const order: string[] = [];
    const sim = track(
      startSimulator({
        hubUrl: hub.url,
        gatewayKey: key,
        directory,
        ratePerMinute: 0,
        logger: silent,
        announceDrill: async (w) => {
          order.push(`announce ${w.siteId}`);
          expect(w.from.getTime()).toBeLessThan(Date.now());
          expect(w.to.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
          expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(15 * 60_000);
        },
      }),
    );
    const r = await sim.sendOne({ beaconId: 'SN-PPMS-001', kind: 'ppms.evacuation', drill: true });
    order.push('sent');
    await sim.sendOne({ beaconId: 'SN-PPMS-001', kind: 'ppms.confinement', drill: true });
    await sim.sendOne({ beaconId: 'SN-PPMS-001', kind: 'device.low-battery', drill: false });
    expect(order).toEqual(['announce school-0441482x', 'sent']);
    const c = await connectConsole(f, (await login(hub.url, 'operateur1')).token);
    const snap = await c.snapshot;
    expect(snap.cases.find((k) => k.id === r.caseId)).toMatchObject({ drill: true, kind: 'ppms.evacuation' });
  });
});

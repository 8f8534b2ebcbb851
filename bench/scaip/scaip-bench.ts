/**
 * SCAIP through to the console's store, for Veille and for the bare floor (floor-process.ts),
 * driven by the same load generator: single alarms one after another (receipt → store), then
 * a flood of 10,000 alarms from 500 beacons, each beacon sending one mrq at a time. Veille's
 * figures are printed as ratios to the floor, so the overhead shows on any machine.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io as ioClient } from 'socket.io-client';
import { summarize, type Summary } from '../stats';
import { startChild } from './child';
import { mrqBody, startScaipLoad, type LoadBeacon, type ScaipLoad } from './load';
import { countingProbe, type StoreProbe } from './probe';
import { connectVeilleStore, startVeilleHub } from './veille-side';

export interface RunFigures {
  /** mrq receipt → the console's store, one alarm at a time. */
  sequentialMs: Summary;
  flood: { alarms: number; beacons: number; absorbedMs: number; alarmsPerSecond: number; receiptToStoreMs: Summary; lost: number };
}

export interface ScaipBenchResult {
  floor: RunFigures;
  veille: RunFigures & { casesAfterFlood: number };
  ratio: { sequentialP50: number; sequentialP99: number; floodThroughput: number };
}

export interface ScaipBenchOptions {
  sequential: number;
  beacons: number;
  alarmsPerBeacon: number;
}

const LOAD_HOST = '127.0.0.5';

async function runLoad(load: ScaipLoad, probe: StoreProbe, beacons: LoadBeacon[], o: ScaipBenchOptions, tag: string): Promise<RunFigures> {
  const seq: number[] = [];
  for (let i = 0; i < o.sequential; i++) {
    const before = probe.count();
    await load.send(beacons[i % beacons.length]!, mrqBody(`${tag}s${i}`, '1'));
    await probe.reach(before + 1);
    seq.push(...probe.takeDelays());
  }
  const start = probe.count();
  const total = o.beacons * o.alarmsPerBeacon;
  const t0 = performance.now();
  await Promise.all(
    beacons.slice(0, o.beacons).map(async (b, bi) => {
      for (let i = 0; i < o.alarmsPerBeacon; i++) await load.send(b, mrqBody(`${tag}f${bi}x${i}`, '1'));
    }),
  );
  const reached = await Promise.race([probe.reach(start + total).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 120_000).unref())]);
  const absorbedMs = performance.now() - t0;
  const got = probe.count() - start;
  return {
    sequentialMs: summarize(seq),
    flood: {
      alarms: total,
      beacons: o.beacons,
      absorbedMs,
      alarmsPerSecond: Math.round((got / absorbedMs) * 1000),
      receiptToStoreMs: summarize(probe.takeDelays()),
      lost: reached ? 0 : total - got,
    },
  };
}

function floorProbe(ioUrl: string): Promise<StoreProbe> {
  const socket = ioClient(ioUrl, { transports: ['websocket'] });
  const store = countingProbe(async () => void socket.close());
  socket.on('alarm', (a: { receivedAt: string }) => store.arrived(1, Date.now() - Date.parse(a.receivedAt)));
  return new Promise((resolve) => socket.once('connect', () => resolve(store.probe)));
}

export async function benchScaip(dir: string, o: ScaipBenchOptions = { sequential: 300, beacons: 500, alarmsPerBeacon: 20 }): Promise<ScaipBenchResult> {
  mkdirSync(join(dir, 'floor'), { recursive: true });
  const floorChild = await startChild<{ sipPort: number; ioUrl: string }>('bench/scaip/floor-process.ts', [join(dir, 'floor')]);
  let floor: RunFigures;
  try {
    const probe = await floorProbe(floorChild.info.ioUrl);
    const load = await startScaipLoad({ host: LOAD_HOST, target: { host: '127.0.0.1', port: floorChild.info.sipPort } });
    const beacons = Array.from({ length: o.beacons }, (_, i) => ({ id: `FLOOR-${i}`, password: null }));
    floor = await runLoad(load, probe, beacons, o, 'F');
    load.close();
    await probe.close();
  } finally {
    await floorChild.stop();
  }

  const hub = await startVeilleHub(join(dir, 'veille'), o.beacons);
  let veille: ScaipBenchResult['veille'];
  try {
    const store = await connectVeilleStore(hub.info.url);
    const load = await startScaipLoad({ host: LOAD_HOST, target: { host: '127.0.0.1', port: hub.info.sipPort } });
    const figures = await runLoad(load, store.probe, hub.info.beacons, o, 'V');
    veille = { ...figures, casesAfterFlood: store.openCases() };
    load.close();
    await store.probe.close();
  } finally {
    await hub.stop();
  }
  return {
    floor,
    veille,
    ratio: {
      sequentialP50: veille.sequentialMs.p50 / Math.max(1, floor.sequentialMs.p50),
      sequentialP99: veille.sequentialMs.p99 / Math.max(1, floor.sequentialMs.p99),
      floodThroughput: veille.flood.alarmsPerSecond / floor.flood.alarmsPerSecond,
    },
  };
}

/**
 * Delay from the hub's receipt of an alarm to the console's case store, with the real hub
 * (HTTP ingest, SQLite, socket.io) and the real console hub link, on loopback.
 * Target (DESIGN.md §8): p99 under 50 ms. Also a flood: thousands of alarms at once.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { Case } from '@shared/domain/case';
import type { Directory } from '@shared/domain/site';
import { HubLink } from '../main/hub-link/hub-link';
import { startHub } from '../server/hub/index';
import { summarize, type Summary } from './stats';

export type AlarmLatencyResult = {
  sequential: { hubToStoreMs: Summary; postToStoreMs: Summary };
  flood: { alarms: number; concurrency: number; allInStoreMs: number; hubToStoreMs: Summary };
};

const directory = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')) as Directory;

export async function benchAlarmLatency(dataDir: string, opts = { sequential: 300, flood: 2000, concurrency: 50 }): Promise<AlarmLatencyResult> {
  const logger = pino({ level: 'silent' });
  // One case per alarm (no grouping): each alarm is timed to its own case in the console's store.
  const hub = await startHub({ dataDir, port: 0, demo: true, directory, logger, grouping: { groupWindowMs: 0 } });
  const { key } = await hub.createGateway('bench');
  const link = new HubLink({ hubUrl: hub.url, logger });
  await link.login('operateur1', 'veille-demo');

  // Arrival of each new case in the console's store, stamped on both clocks.
  const arrivals = new Map<string, { perf: number; wall: number; c: Case }>();
  const waiters = new Map<string, () => void>();
  link.on('caseChanged', (c) => {
    if (arrivals.has(c.id)) return;
    arrivals.set(c.id, { perf: performance.now(), wall: Date.now(), c });
    waiters.get(c.id)?.();
  });
  const arrived = (caseId: string) =>
    arrivals.has(caseId) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(caseId, resolve));

  let ref = 0;
  const post = async (): Promise<string> => {
    const beacon = directory.beacons[ref % directory.beacons.length]!;
    const res = await fetch(`${hub.url}/api/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ beaconId: beacon.id, reference: `bench-${ref++}`, kind: 'ppms.intrusion', occurredAt: new Date().toISOString() }),
    });
    if (res.status >= 300) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { caseId: string }).caseId;
  };
  // receivedAt has millisecond resolution: hub→store figures are whole milliseconds.
  const hubToStore = (id: string) => arrivals.get(id)!.wall - Date.parse(arrivals.get(id)!.c.receivedAt);

  const seqHub: number[] = [];
  const seqPost: number[] = [];
  for (let i = 0; i < opts.sequential; i++) {
    const t0 = performance.now();
    const caseId = await post();
    await arrived(caseId);
    seqPost.push(arrivals.get(caseId)!.perf - t0);
    seqHub.push(hubToStore(caseId));
  }

  const floodIds: string[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.flood) {
        next++;
        floodIds.push(await post());
      }
    }),
  );
  await Promise.all(floodIds.map(arrived));
  const allInStoreMs = Math.max(...floodIds.map((id) => arrivals.get(id)!.perf)) - t0;

  await link.close();
  await hub.close();
  return {
    sequential: { hubToStoreMs: summarize(seqHub), postToStoreMs: summarize(seqPost) },
    flood: { alarms: opts.flood, concurrency: opts.concurrency, allInStoreMs, hubToStoreMs: summarize(floodIds.map(hubToStore)) },
  };
}

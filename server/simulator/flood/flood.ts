/**
 * A flood on demand, like a real PPMS alert: one site, many beacons going off at once,
 * each message re-sent. Usable by tests, the bench and the demo CLI. Counts say what
 * was sent and what the hub acknowledged, so "nothing lost" can be checked.
 */
import { randomBytes } from 'node:crypto';
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { Directory } from '@shared/domain/site';
import { textOf } from '../alarm-mix';
import { createRng, pickOne, pickWeighted } from '../random';
import type { AlarmTransport, SimMessage } from '../transport';
import { beaconsOfSite } from './flood-beacons';

export interface FloodOptions {
  transport: AlarmTransport;
  directory: Directory;
  /** The site in alert; its beacons send (see withFloodBeacons to add classroom beacons). */
  siteId: string;
  /** Distinct alarms (distinct references) in all; default 100. */
  alarms?: number;
  /** The beacons that send; default every beacon of the site in the directory. */
  beacons?: readonly string[];
  /** Extra sends of each alarm with the same reference (what a beacon does until answered); default 2. */
  resends?: number;
  /** Delay between an alarm's sends; default 0 (back to back). */
  resendEveryMs?: number;
  /** The alarms' first sends spread evenly over this time; default 0 (as fast as concurrency allows). */
  spreadMs?: number;
  /** Most sends in flight at once; default 64. */
  concurrency?: number;
  /** Kinds drawn; default a PPMS alert: confinement mostly, some intrusion and evacuation. */
  kinds?: readonly (readonly [AlarmKind, number])[];
  seed?: number;
  /** Called on each acknowledged first send (e.g. the bench's latency clock). */
  onAcknowledged?: (reference: string, ms: number) => void;
}

export interface FloodCounts {
  /** Distinct alarms started. */
  alarms: number;
  /** Messages sent, re-sends included. */
  sent: number;
  /** Messages the hub acknowledged (HTTP 2xx; SCAIP an mrs with snu 0 or 4). */
  acknowledged: number;
  /** Distinct alarms acknowledged at least once: equal to `alarms` when nothing was lost. */
  alarmsAcknowledged: number;
  /** HTTP: answers saying the hub already had the reference. */
  duplicates: number;
  /** Sends that failed or were refused. */
  failed: number;
}

export interface FloodResult extends FloodCounts {
  durationMs: number;
  /** First send → first acknowledgement, per alarm. */
  ackMs: { p50: number; p99: number; max: number };
  /** One line per failure kind, for the report (bounded). */
  errors: string[];
}

export interface RunningFlood {
  done: Promise<FloodResult>;
  counts(): FloodCounts;
  /** Starts no new send, waits for those in flight, resolves with the result so far. */
  stop(): Promise<FloodResult>;
}

const PPMS_ALERT: readonly (readonly [AlarmKind, number])[] = [
  ['ppms.confinement', 60],
  ['ppms.intrusion', 25],
  ['ppms.evacuation', 15],
];

export function startFlood(o: FloodOptions): RunningFlood {
  const beacons = o.beacons ?? beaconsOfSite(o.directory, o.siteId);
  if (beacons.length === 0) throw new Error(`flood: site "${o.siteId}" has no beacon`);
  const site = o.directory.sites.find((s) => s.id === o.siteId);
  const total = o.alarms ?? 100;
  const resends = o.resends ?? 2;
  const concurrency = Math.max(1, o.concurrency ?? 64);
  const rng = createRng(o.seed ?? Date.now());
  const run = `F${Date.now().toString(36).slice(-5)}${randomBytes(2).toString('hex')}`;
  const c: FloodCounts = { alarms: 0, sent: 0, acknowledged: 0, alarmsAcknowledged: 0, duplicates: 0, failed: 0 };
  const ackMs: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();
  let stopped = false;
  let active = 0;
  const waiters: (() => void)[] = [];

  /** A slot among `concurrency`: a flood measures the hub, not how many sockets Node opens at once. */
  async function slot<T>(fn: () => Promise<T>): Promise<T> {
    while (active >= concurrency) await new Promise<void>((r) => waiters.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiters.shift()?.();
    }
  }

  const pause = (ms: number) => (ms > 0 && !stopped ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

  async function oneAlarm(i: number): Promise<void> {
    const kind = pickWeighted(rng, o.kinds ?? PPMS_ALERT);
    const msg: SimMessage = {
      reference: `${run}${i.toString(36)}`.slice(0, 16),
      occurredAt: new Date().toISOString(),
      alarm: { beaconId: pickOne(rng, beacons), kind, drill: false, text: textOf(kind, false), ...(site ? { position: site.position } : {}) },
    };
    c.alarms++;
    let acked = false;
    const t0 = performance.now();
    for (let n = 0; n <= resends && !stopped; n++) {
      if (n > 0) await pause(o.resendEveryMs ?? 0);
      c.sent++;
      try {
        const r = await slot(() => o.transport.send(msg));
        if (!r.acknowledged) throw new Error(`refused (snu ${r.snu ?? '?'})`);
        c.acknowledged++;
        if (r.duplicate) c.duplicates++;
        if (!acked) {
          acked = true;
          c.alarmsAcknowledged++;
          const ms = performance.now() - t0;
          ackMs.push(ms);
          o.onAcknowledged?.(msg.reference, ms);
        }
      } catch (err) {
        c.failed++;
        const key = (err as Error).message.slice(0, 120);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  }

  const done = (async () => {
    const all: Promise<void>[] = [];
    const gap = o.spreadMs && total > 1 ? o.spreadMs / (total - 1) : 0;
    for (let i = 0; i < total && !stopped; i++) {
      if (i > 0 && gap > 0) await pause(gap);
      // Without a spread, only start what can be sent: memory stays flat for a 10,000-alarm flood.
      else while (active >= concurrency && !stopped) await new Promise<void>((r) => waiters.push(r));
      all.push(oneAlarm(i));
    }
    await Promise.all(all);
    return result();
  })();

  function result(): FloodResult {
    const sorted = [...ackMs].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1) : 0);
    return {
      ...c,
      durationMs: Math.round(performance.now() - started),
      ackMs: { p50: at(0.5), p99: at(0.99), max: at(1) },
      errors: [...errors].slice(0, 10).map(([m, n]) => `${n}× ${m}`),
    };
  }

  return {
    done,
    counts: () => ({ ...c }),
    async stop() {
      stopped = true;
      return done;
    },
  };
}

/**
 * Simulated beacons at the directory's sites, sending alarms through the
 * hub's real HTTP ingest at a Poisson-like rate. A failed send is retried
 * with the same reference (the hub de-duplicates), and nothing here throws
 * out of a timer.
 */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { Directory } from '@shared/domain/site';
import type { AlarmIngest, AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { nextAlarm } from './alarm-mix';
import { createRng, exponentialMs } from './random';
import { SendError, sendAlarm } from './sender';

export interface SimulatorOptions {
  hubUrl: string;
  /** Full Bearer value "<gatewayId>.<secret>" from RunningHub.createGateway. */
  gatewayKey: string;
  directory: Directory;
  /** Mean alarms per minute; default 6. 0 = only sendOne. */
  ratePerMinute?: number;
  /** The first alarm comes within this delay, so a demo shows one at once; default 1500. */
  firstAlarmWithinMs?: number;
  /** Share of PPMS alarms sent as registered drills; default 0.1. */
  drillShare?: number;
  seed?: number;
  logger?: Logger;
}

export interface RunningSimulator {
  /** Stops the schedule and pending retries; waits for sends in flight. */
  stop(): Promise<void>;
  /** Sends one alarm now (one attempt: rejects on failure, no background retry). */
  sendOne(over?: Partial<{ beaconId: string; kind: AlarmKind; drill: boolean }>): Promise<AlarmIngestResult>;
}

const MAX_ATTEMPTS = 30;
const retryDelayMs = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt);

export function startSimulator(opts: SimulatorOptions): RunningSimulator {
  const log = opts.logger ?? pino({ level: 'warn', base: { svc: 'simulator' } });
  const rng = createRng(opts.seed ?? Date.now());
  const rate = opts.ratePerMinute ?? 6;
  const drillShare = opts.drillShare ?? 0.1;
  // References must stay unique across runs against the same hub and gateway.
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let counter = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inflight = new Set<Promise<unknown>>();

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  }

  function build(over: Parameters<RunningSimulator['sendOne']>[0] = {}): AlarmIngest {
    const a = nextAlarm(rng, opts.directory, drillShare, over);
    return { ...a, reference: `sim-${runId}-${++counter}`, occurredAt: new Date().toISOString() };
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  }

  function deliver(alarm: AlarmIngest, attempt: number): void {
    const p = sendAlarm(opts.hubUrl, opts.gatewayKey, alarm).then(
      (r) => log.info({ beaconId: alarm.beaconId, kind: alarm.kind, ...r }, 'alarm sent'),
      (err: unknown) => {
        const retryable = err instanceof SendError ? err.retryable : true;
        if (retryable && attempt + 1 < MAX_ATTEMPTS && !stopped) {
          const wait = retryDelayMs(attempt);
          log.warn({ reference: alarm.reference, attempt, retryInMs: wait, err: (err as Error).message }, 'alarm send failed, will retry');
          later(wait, () => deliver(alarm, attempt + 1));
        } else {
          log.error({ reference: alarm.reference, attempt, err: (err as Error).message }, 'alarm send failed, giving up');
        }
      },
    );
    track(p);
  }

  function tick(): void {
    try {
      deliver(build(), 0);
    } catch (err) {
      log.error({ err }, 'could not build a simulated alarm');
    }
    if (rate > 0) later(exponentialMs(rng, 60_000 / rate), tick);
  }

  if (opts.directory.beacons.length === 0) log.warn('empty directory: simulated alarms will come from an unknown beacon');
  if (rate > 0) later(rng() * (opts.firstAlarmWithinMs ?? 1500), tick);

  return {
    sendOne(over) {
      if (stopped) return Promise.reject(new Error('simulator stopped'));
      return track(sendAlarm(opts.hubUrl, opts.gatewayKey, build(over)));
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inflight]);
    },
  };
}

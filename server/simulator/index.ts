/**
 * Simulated beacons at the directory's sites, sending the field's mix (alarm-mix.ts) at a
 * Poisson-like rate through a transport: SCAIP like a real beacon (scaip/), or the HTTP
 * ingest like a gateway. A failed send is retried with the same reference (the hub
 * de-duplicates), a fault's restore follows it, a drill is announced before it is
 * triggered, and nothing here throws out of a timer.
 */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { Directory } from '@shared/domain/site';
import { isCaseOpening, nextEpisode, type EpisodeRequest, type SimAlarm } from './alarm-mix';
import { drillRegistrar, type DrillAnnouncer } from './drills';
import { createRng, exponentialMs } from './random';
import { SendError } from './sender';
import { httpTransport, type AlarmTransport, type SendOutcome, type SimMessage } from './transport';

export type { AlarmTransport, SendOutcome } from './transport';
export type { DrillAnnouncer, DrillWindow } from './drills';
export { httpTransport } from './transport';
export { beaconsOfSite, floodBeaconIds, startFlood, withFloodBeacons } from './flood/index';
export type { FloodCounts, FloodOptions, FloodResult, RunningFlood } from './flood/index';
export { defaultBeaconAddress, startScaipBeacons } from './scaip/beacons';
export type { ScaipBeacons, ScaipBeaconsOptions, ScaipCounts } from './scaip/beacons';
export { startDemoBeacons } from './scaip/demo';

export interface SimulatorOptions {
  /** HTTP gateway path: used when no transport is given. */
  hubUrl?: string;
  /** Full Bearer value "<gatewayId>.<secret>" from RunningHub.createGateway. */
  gatewayKey?: string;
  /** How messages reach the hub (e.g. scaip/scaipTransport); default HTTP with hubUrl + gatewayKey. Closed by stop(). */
  transport?: AlarmTransport;
  directory: Directory;
  /** Mean messages per minute; default 6. 0 = only sendOne. */
  ratePerMinute?: number;
  /** The first message (always one that opens a case) comes within this delay, so a demo shows one at once; default 1500. */
  firstAlarmWithinMs?: number;
  /** Registers a drill window before a simulated drill; without it a drill is only flagged by the HTTP body. */
  announceDrill?: DrillAnnouncer;
  seed?: number;
  logger?: Logger;
}

export interface RunningSimulator {
  /** Stops the schedule and pending retries; waits for sends in flight; closes the transport. */
  stop(): Promise<void>;
  /** Sends one message now (one attempt: rejects on failure, no background retry); a drill is announced first. */
  sendOne(over?: Partial<{ beaconId: string; kind: AlarmKind; drill: boolean }>): Promise<SendOutcome>;
}

const MAX_ATTEMPTS = 30;
const retryDelayMs = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt);

export function startSimulator(opts: SimulatorOptions): RunningSimulator {
  const log = opts.logger ?? pino({ level: 'warn', base: { svc: 'simulator' } });
  const transport = opts.transport ?? httpFrom(opts);
  const rng = createRng(opts.seed ?? Date.now());
  const rate = opts.ratePerMinute ?? 6;
  const drills = opts.announceDrill ? drillRegistrar(opts.directory, opts.announceDrill) : null;
  // References must stay unique across runs against the same hub; SCAIP allows 16 letters or digits.
  const runId = `${Date.now().toString(36).slice(-5)}${randomBytes(2).toString('hex')}`;
  let counter = 0;
  let stopped = false;
  let warnedDrill = false;
  const timers = new Set<NodeJS.Timeout>();
  const inflight = new Set<Promise<unknown>>();

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  }

  function message(alarm: SimAlarm): SimMessage {
    return { alarm, reference: `S${runId}${(++counter).toString(36)}`.slice(0, 16), occurredAt: new Date().toISOString() };
  }

  const sayable = (a: SimAlarm) => transport.canSend?.(a.kind) ?? true;

  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  }

  async function announce(alarm: SimAlarm): Promise<void> {
    if (!alarm.drill) return;
    if (drills) return drills.ensure(alarm.beaconId);
    if (transport.name === 'scaip' && !warnedDrill) {
      warnedDrill = true;
      log.warn('no drill registry wired: simulated drills over SCAIP arrive as real alarms');
    }
  }

  function deliver(msg: SimMessage, attempt: number): void {
    const p = (attempt === 0 ? announce(msg.alarm) : Promise.resolve()).then(() => transport.send(msg)).then(
      (r) => log.info({ beaconId: msg.alarm.beaconId, kind: msg.alarm.kind, drill: msg.alarm.drill, ...r }, 'alarm sent'),
      (err: unknown) => {
        const retryable = err instanceof SendError ? err.retryable : true;
        if (retryable && attempt + 1 < MAX_ATTEMPTS && !stopped) {
          const wait = retryDelayMs(attempt);
          log.warn({ reference: msg.reference, attempt, retryInMs: wait, err: (err as Error).message }, 'alarm send failed, will retry');
          later(wait, () => deliver(msg, attempt + 1));
        } else {
          log.error({ reference: msg.reference, attempt, err: (err as Error).message }, 'alarm send failed, giving up');
        }
      },
    );
    track(p);
  }

  function tick(first: boolean): void {
    try {
      let episode = nextEpisode(rng, opts.directory);
      // The demo's first message must show in the queue (a routine self-test would not), and
      // every message must be one the transport can say (SCAIP has no code for a move).
      for (let n = 0; n < 100 && ((first && !isCaseOpening(episode.type)) || !sayable(episode.alarm)); n++) episode = nextEpisode(rng, opts.directory);
      deliver(message(episode.alarm), 0);
      const follow = episode.followUp;
      if (follow) later(follow.afterMs, () => deliver(message(follow.alarm), 0));
    } catch (err) {
      log.error({ err }, 'could not build a simulated alarm');
    }
    if (rate > 0) later(exponentialMs(rng, 60_000 / rate), () => tick(false));
  }

  if (opts.directory.beacons.length === 0) log.warn('empty directory: simulated alarms will come from an unknown beacon');
  if (rate > 0) later(rng() * (opts.firstAlarmWithinMs ?? 1500), () => tick(true));

  return {
    sendOne(over: EpisodeRequest = {}) {
      if (stopped) return Promise.reject(new Error('simulator stopped'));
      const { alarm } = nextEpisode(rng, opts.directory, over);
      if (!sayable(alarm)) return Promise.reject(new Error(`the ${transport.name} transport cannot send ${alarm.kind}`));
      return track(announce(alarm).then(() => transport.send(message(alarm))));
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inflight]);
      await transport.close();
    },
  };
}

function httpFrom(opts: SimulatorOptions): AlarmTransport {
  if (!opts.hubUrl || !opts.gatewayKey) throw new Error('simulator: give a transport, or hubUrl and gatewayKey for HTTP');
  return httpTransport(opts.hubUrl, opts.gatewayKey);
}

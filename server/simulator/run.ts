/**
 * The simulation beside a running hub, as `npm run hub -- --simulate [--flood <site>]` and
 * the embedded demo start it: the directory's beacons over SCAIP (demo credentials, the hub's
 * SIP port) or, when the hub has no SIP port or no demo credentials, over HTTP like a
 * gateway; drills registered in the hub's drill registry before they are triggered; and, on
 * demand, a flood at one site (a real PPMS alert: every classroom's beacon, re-sending).
 */
import type { Logger } from 'pino';
import type { Directory } from '@shared/domain/site';
import { startFlood, withFloodBeacons, type FloodResult } from './flood/index';
import { hubDrillAnnouncer } from './hub-drills';
import { startSimulator, type RunningSimulator } from './index';
import type { ScaipBeacons } from './scaip/beacons';
import { startDemoBeacons } from './scaip/demo';
import { httpTransport, type AlarmTransport } from './transport';
import { startSimulatedVoice, type SimulatedVoice } from './voice/simulated-voice';

export type SimProtocol = 'scaip' | 'http';

export interface FloodPlan {
  siteId: string;
  /** Distinct alarms; default 200. */
  alarms: number;
  /** Classroom beacons added to the site; default 20. */
  beacons: number;
  /** The alarms start over this time, as beacons go off one classroom after another; default 20 s. */
  spreadMs?: number;
}

export interface SimulationPlan {
  /** Messages per minute of the everyday mix; 0 = none. */
  ratePerMinute: number;
  /** Absent: SCAIP when the hub has a SIP port and demo credentials, else HTTP. */
  protocol?: SimProtocol;
  flood?: FloodPlan;
  /** SCAIP beacons call and answer, outside lines answer behind a trunk (voice/); default true. */
  voice?: boolean;
}

/** parseArgs options of the simulation flags (server/hub/cli.ts spreads them into its own). */
export const SIMULATE_OPTIONS = {
  'sim-protocol': { type: 'string' },
  flood: { type: 'string' },
  'flood-alarms': { type: 'string' },
  'flood-beacons': { type: 'string' },
  'flood-spread-s': { type: 'string' },
  'sim-voice': { type: 'string' },
} as const;

export const SIMULATE_USAGE = `  --sim-protocol <p>   how simulated beacons talk: scaip (SIP, demo credentials) or http (a gateway);
                       default scaip when the hub has a SIP port and --demo, else http
  --flood <siteId>     also start a flood at that site (a PPMS alert: classroom beacons, re-sends)
  --flood-alarms <n>   alarms in the flood (default 200)
  --flood-beacons <n>  classroom beacons added to the flooded site (default 20)
  --flood-spread-s <n> the flood's alarms start over this many seconds, 0 = at once (default 20)
  --sim-voice <on|off> simulated SCAIP beacons call and answer, and 17/18/15/city lines answer
                       behind a trunk (default on; server/simulator/README.md)`;

/** Reads the simulation flags; throws an Error with a usage message on a bad value. */
export function simulationPlan(v: {
  rate?: string;
  'sim-protocol'?: string;
  flood?: string;
  'flood-alarms'?: string;
  'flood-beacons'?: string;
  'flood-spread-s'?: string;
  'sim-voice'?: string;
}): SimulationPlan {
  const count = (flag: string, raw: string | undefined, dflt: number, max: number) => {
    const n = Number(raw ?? dflt);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`Invalid --${flag} (a whole number from 1 to ${max}): ${raw}`);
    return n;
  };
  const rate = Number(v.rate ?? 6);
  if (!Number.isFinite(rate) || rate < 0) throw new Error(`Invalid rate: ${v.rate}`);
  const p = v['sim-protocol'];
  if (p !== undefined && p !== 'scaip' && p !== 'http') throw new Error(`Invalid --sim-protocol (scaip or http): ${p}`);
  const plan: SimulationPlan = { ratePerMinute: rate, ...(p ? { protocol: p } : {}) };
  const voice = v['sim-voice'];
  if (voice !== undefined && voice !== 'on' && voice !== 'off') throw new Error(`Invalid --sim-voice (on or off): ${voice}`);
  if (voice === 'off') plan.voice = false;
  if (v.flood !== undefined) {
    if (!v.flood.trim()) throw new Error('Invalid --flood: give a site id');
    plan.flood = { siteId: v.flood.trim(), alarms: count('flood-alarms', v['flood-alarms'], 200, 100_000), beacons: count('flood-beacons', v['flood-beacons'], 20, 500) };
    const spread = v['flood-spread-s'];
    if (spread !== undefined) {
      const s = Number(spread);
      if (!Number.isInteger(s) || s < 0 || s > 3600) throw new Error(`Invalid --flood-spread-s (whole seconds, 0 to 3600): ${spread}`);
      plan.flood.spreadMs = s * 1000;
    }
  }
  return plan;
}

/** The directory the hub must start with: the flooded site gains its classroom beacons (an unknown site throws). */
export function directoryFor(plan: SimulationPlan, directory: Directory): Directory {
  return plan.flood ? withFloodBeacons(directory, plan.flood.siteId, plan.flood.beacons) : directory;
}

/**
 * The beacons of the everyday mix: all but the flooded site's. A drill registered there would
 * turn the flood (a real alert) into an exercise, as a registered window does for every
 * alarm of its site.
 */
export function everydayDirectory(plan: SimulationPlan, directory: Directory): Directory {
  const site = plan.flood?.siteId;
  return site ? { sites: directory.sites, beacons: directory.beacons.filter((b) => b.siteId !== site) } : directory;
}

export interface SimulatedHub {
  url: string;
  dataDir: string;
  /** The hub's SCAIP receiver, if it opened one. */
  sip: { host: string; port: number } | null;
  /** True when the hub seeded demo beacon credentials (demo mode). */
  demo: boolean;
  createGateway(name: string): Promise<{ key: string }>;
}

export interface RunningSimulation {
  protocol: SimProtocol;
  /** Where the simulated SCAIP beacons listen, when they talk SCAIP. */
  beaconsAt: { address: string; port: number } | null;
  /** Resolves with the flood's counts once it is over (null without a flood). */
  flood: Promise<FloodResult | null>;
  /** Beacons' calls and the outside lines' trunk, when the beacons talk SCAIP and voice is on. */
  voice: SimulatedVoice | null;
  stop(): Promise<void>;
}

export async function startSimulation(plan: SimulationPlan, hub: SimulatedHub, directory: Directory, logger: Logger): Promise<RunningSimulation> {
  const log = logger.child({ part: 'simulator' });
  const protocol: SimProtocol = plan.protocol ?? (hub.sip && hub.demo ? 'scaip' : 'http');
  if (protocol === 'scaip' && !hub.sip) throw new Error('--sim-protocol scaip: this hub opened no SIP port');
  if (protocol === 'scaip' && !hub.demo) {
    log.warn('simulated SCAIP beacons sign with the demo beacon password, which only a demo hub seeds: provision them (beacon add) or they are refused');
  }
  let beacons: ScaipBeacons | null = null;
  let voice: SimulatedVoice | null = null;
  let transport: AlarmTransport;
  if (protocol === 'scaip') {
    voice = plan.voice === false ? null : await startSimulatedVoice({ hub: hub.sip!, directory, dataDir: hub.dataDir, logger: log });
    const v = voice;
    const calls = v ? { crdOf: (id: string) => [v.beacons.crdOf(id)], onMrs: v.beacons.onMrs } : {};
    // A demo's operator may take a while: poll 10 min on HOLD (the standard allows 3 to 30) before the beacon aborts.
    beacons = await startDemoBeacons({ hub: hub.sip!, directory, logger: log, holdGiveUpMs: 10 * 60_000, ...calls });
    transport = beacons.transport;
  } else {
    transport = httpTransport(hub.url, (await hub.createGateway('simulateur')).key);
  }
  const drills = hubDrillAnnouncer(hub.dataDir, log);
  const f = plan.flood;
  const everyday = everydayDirectory(plan, directory);
  const sim: RunningSimulator | null =
    plan.ratePerMinute > 0 ? startSimulator({ transport: shared(transport), directory: everyday, ratePerMinute: plan.ratePerMinute, announceDrill: drills.announce, logger: log }) : null;
  const flood = f ? startFlood({ transport: shared(transport), directory, siteId: f.siteId, alarms: f.alarms, spreadMs: f.spreadMs ?? 20_000, resends: 2, resendEveryMs: 1_000 }) : null;
  const floodDone = flood
    ? flood.done.then((r) => {
        log.info({ siteId: f!.siteId, ...r }, 'flood over');
        return r;
      })
    : Promise.resolve(null);
  return {
    protocol,
    beaconsAt: beacons ? { address: beacons.address, port: beacons.port } : null,
    flood: floodDone,
    voice,
    async stop() {
      await flood?.stop();
      await sim?.stop();
      await transport.close();
      await voice?.close();
      await drills.close();
    },
  };
}

/** The same transport for the mix and the flood: closing it is the simulation's job, not theirs. */
function shared(t: AlarmTransport): AlarmTransport {
  return { name: t.name, send: (m) => t.send(m), canSend: (k) => t.canSend?.(k) ?? true, close: async () => undefined };
}

/** One line for a person watching the terminal. */
export function floodSummary(siteId: string, r: FloodResult): string {
  const lost = r.alarms - r.alarmsAcknowledged;
  return (
    `Flood at ${siteId}: ${r.alarms} alarms, ${r.sent} messages sent, ${r.acknowledged} acknowledged, ` +
    `${lost} lost, in ${(r.durationMs / 1000).toFixed(1)} s (ack p50 ${r.ackMs.p50} ms, p99 ${r.ackMs.p99} ms)` +
    (r.errors.length ? `; errors: ${r.errors.join('; ')}` : '')
  );
}

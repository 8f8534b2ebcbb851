/**
 * A real UDP relay that damages traffic on purpose: it sits between two RTP endpoints and
 * drops, delays (and so re-orders) or duplicates packets, the way a GSM gateway or a busy
 * network does. Tests and the voice bench put it in front of an RTP session to exercise the
 * jitter buffer, loss counting and concealment over real sockets (not a mock).
 *
 * One socket: the first peer that sends to it (not the target) is the client; its packets go
 * to the target, the target's packets go back to the client. Each direction has its own plan.
 */
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

export interface ImpairmentDecision {
  drop?: boolean;
  /** Extra delay before forwarding, ms (0 forwards at once, synchronously). */
  delayMs?: number;
  /** Total copies to forward (2 = one duplicate). Default 1. */
  copies?: number;
}

/** Decides the fate of the index-th packet of one direction. */
export type ImpairmentPlan = (index: number, packet: Buffer) => ImpairmentDecision;

export interface RelayEndpoint {
  address: string;
  port: number;
}

export interface UdpImpairmentRelayOptions {
  host: string;
  target: RelayEndpoint;
  /** Client → target (default: untouched). */
  toTarget?: ImpairmentPlan;
  /** Target → client (default: untouched). */
  toClient?: ImpairmentPlan;
  /** Called for each packet handed to the socket, with `performance.now()` (bench timing). */
  onForward?: (direction: 'toTarget' | 'toClient', packet: Buffer, atMs: number) => void;
}

export interface RelayCounts {
  received: number;
  forwarded: number;
  dropped: number;
  duplicated: number;
  delayed: number;
}

export interface UdpImpairmentRelay {
  readonly local: RelayEndpoint;
  readonly counts: { toTarget: RelayCounts; toClient: RelayCounts };
  close(): Promise<void>;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random loss, a uniform extra delay in [0, jitterMs] (which re-orders), random duplicates. */
export function randomImpairment(options: { lossRate?: number; jitterMs?: number; duplicateRate?: number; seed?: number }): ImpairmentPlan {
  const rnd = seededRandom(options.seed ?? 1);
  return () => {
    const drop = rnd() < (options.lossRate ?? 0);
    const delayMs = rnd() * (options.jitterMs ?? 0);
    const copies = rnd() < (options.duplicateRate ?? 0) ? 2 : 1;
    return { drop, delayMs, copies };
  };
}

const zero = (): RelayCounts => ({ received: 0, forwarded: 0, dropped: 0, duplicated: 0, delayed: 0 });

export async function startUdpImpairmentRelay(options: UdpImpairmentRelayOptions): Promise<UdpImpairmentRelay> {
  const socket = dgram.createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined);
  const counts = { toTarget: zero(), toClient: zero() };
  const index = { toTarget: 0, toClient: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let client: RelayEndpoint | null = null;
  let closed = false;

  const forward = (direction: 'toTarget' | 'toClient', packet: Buffer, to: RelayEndpoint) => {
    if (closed) return;
    socket.send(packet, to.port, to.address);
    counts[direction].forwarded++;
    options.onForward?.(direction, packet, performance.now());
  };

  socket.on('message', (packet, rinfo) => {
    const fromTarget = rinfo.address === options.target.address && rinfo.port === options.target.port;
    if (!fromTarget) client = { address: rinfo.address, port: rinfo.port };
    const direction = fromTarget ? 'toClient' : 'toTarget';
    const to = fromTarget ? client : options.target;
    if (!to) return;
    const c = counts[direction];
    c.received++;
    const plan = options[direction];
    const d = plan ? plan(index[direction]++, packet) : {};
    if (d.drop) {
      c.dropped++;
      return;
    }
    const copies = Math.max(1, d.copies ?? 1);
    c.duplicated += copies - 1;
    for (let i = 0; i < copies; i++) {
      const delay = d.delayMs ?? 0;
      if (delay <= 0) {
        forward(direction, packet, to);
        continue;
      }
      c.delayed++;
      const t = setTimeout(() => {
        timers.delete(t);
        forward(direction, packet, to);
      }, delay);
      timers.add(t);
    }
  });

  const addr = socket.address();
  return {
    local: { address: addr.address, port: addr.port },
    counts,
    close: () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

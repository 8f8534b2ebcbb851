/**
 * Voice media bench: the console's own added one-way delay in each direction, and the
 * jitter buffer under a damaged network (issue 7's target: under 60 ms added one way).
 *
 * - send: a microphone frame handed to the RTP session → its RTP packet received by a UDP
 *   socket on loopback (encode, packetise, send, kernel; the receiving socket shares our
 *   event loop, so this is an upper bound);
 * - receive: an RTP packet sent on loopback → the 20 ms frame holding its first sample
 *   handed to the playout listeners (jitter buffer + playout clock);
 * - damaged: the same stream through the UDP impairment relay with 20 % loss and a uniform
 *   0–60 ms extra delay (which also re-orders): delay from the packet leaving the relay to
 *   its playout, delay from the original send, concealed and late shares, target depth.
 *
 * Run alone: `node --import tsx bench/voice/voice-bench.ts [seconds]` (TSX_TSCONFIG_PATH=tsconfig.node.json).
 */
import dgram from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import alawmulaw from 'alawmulaw';
import { startPacedClock } from '../../main/voice/media/paced-clock';
import { serialiseRtp } from '../../main/voice/media/rtp-packet';
import { openRtpSession, type RtpSession } from '../../main/voice/media/rtp-session';
import { sineFrames } from '../../main/voice/media/tone';
import { randomImpairment, startUdpImpairmentRelay } from '../../main/voice/testing/udp-impairment-relay';

const HOST = '127.0.0.1';
const PCMA = { codec: 'PCMA', payloadType: 8, dtmfPayloadType: 101 } as const;

export interface DelaySummary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface VoiceBenchResult {
  seconds: number;
  /** 1-minute load average at the end: timers on a busy machine add their own jitter. */
  loadAverage: number;
  sendMs: DelaySummary;
  receiveMs: DelaySummary;
  receiveTargetMs: number;
  damaged: {
    lossRate: number;
    jitterMs: number;
    /** Extra delay the relay really added (timers on a shared machine add to the plan). */
    networkMs: DelaySummary;
    /** Packet out of the relay (arrival at the console) → its frame played out. */
    heldMs: DelaySummary;
    /** Packet sent by the far end → its frame played out (network jitter included). */
    endToEndMs: DelaySummary;
    concealedPct: number;
    latePct: number;
    lostPct: number;
    targetMs: { p50: number; max: number };
    depthMs: { p50: number; p95: number };
    droppedFrames: number;
  };
}

function summary(values: number[]): DelaySummary {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), max: s[s.length - 1] ?? NaN };
}

async function udpSocket(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, HOST, () => resolve()));
  return s;
}

const frames = (seconds: number) => sineFrames(1000, seconds * 1000);

/** Microphone frame → RTP packet at a receiving socket. */
async function benchSend(seconds: number): Promise<DelaySummary> {
  const session = await openRtpSession({ bindHost: HOST });
  const rx = await udpSocket();
  const handed: number[] = [];
  const delays: number[] = [];
  let firstSeq: number | null = null;
  rx.on('message', (m) => {
    const at = performance.now();
    firstSeq ??= m.readUInt16BE(2);
    const sentAt = handed[(m.readUInt16BE(2) - firstSeq) & 0xffff];
    if (sentAt !== undefined) delays.push(at - sentAt);
  });
  session.start({ address: HOST, port: rx.address().port }, PCMA);
  const tone = frames(seconds);
  await new Promise<void>((resolve) => {
    let i = 0;
    const clock = startPacedClock(20, () => {
      const f = tone[i++];
      if (!f) {
        clock.stop();
        resolve();
        return;
      }
      handed.push(performance.now());
      session.sendFrame(f);
    });
  });
  // The last packets are still in the kernel's socket buffer: let them land before counting.
  await new Promise((r) => setTimeout(r, 100));
  await session.close();
  rx.close();
  return summary(delays);
}

interface ReceiveRun {
  sentAt: Map<number, number>;
  arrivedAt: Map<number, number>;
  played: { ts: number; at: number }[];
  targets: number[];
  depths: number[];
  session: RtpSession;
}

/** A far end sending PCMA at 20 ms, optionally through the impairment relay, into a session. */
async function receiveRun(seconds: number, impair?: { lossRate: number; jitterMs: number }, phaseMs = 0): Promise<ReceiveRun> {
  const session = await openRtpSession({ bindHost: HOST });
  const tx = await udpSocket();
  const run: ReceiveRun = { sentAt: new Map(), arrivedAt: new Map(), played: [], targets: [], depths: [], session };
  const relay = impair
    ? await startUdpImpairmentRelay({
        host: HOST,
        target: session.local,
        toTarget: randomImpairment({ ...impair, seed: 7 }),
        onForward: (_d, packet, at) => run.arrivedAt.set(packet.readUInt32BE(4), at),
      })
    : null;
  const to = relay?.local ?? session.local;
  session.start({ address: HOST, port: tx.address().port }, PCMA);
  session.on('playout', (_f, info) => {
    const at = performance.now();
    const st = session.stats();
    run.targets.push(st.targetDepthMs);
    run.depths.push(st.bufferDepthMs);
    if (info.kind === 'audio' && info.timestamp !== null) run.played.push({ ts: info.timestamp, at });
  });
  const tone = frames(seconds);
  const ts0 = 90_000;
  // Where the far end's 20 ms falls within our playout tick is chance in a real call.
  await new Promise((r) => setTimeout(r, phaseMs));
  await new Promise<void>((resolve) => {
    let i = 0;
    const clock = startPacedClock(20, () => {
      const f = tone[i];
      if (!f) {
        clock.stop();
        resolve();
        return;
      }
      const ts = ts0 + i * 160;
      const packet = serialiseRtp({ marker: i === 0, payloadType: 8, sequence: i, timestamp: ts, ssrc: 99, payload: alawmulaw.alaw.encode(f) });
      const at = performance.now();
      run.sentAt.set(ts, at);
      if (!relay) run.arrivedAt.set(ts, at);
      tx.send(packet, to.port, to.address);
      i++;
    });
  });
  // Delayed packets (up to 60 ms of jitter) and the playout buffer drain before the figures are read.
  await new Promise((r) => setTimeout(r, 300));
  await session.close();
  await relay?.close();
  tx.close();
  return run;
}

export async function benchVoice(seconds = 10): Promise<VoiceBenchResult> {
  const sendMs = await benchSend(seconds);

  // Four runs with the far end's packets at four phases of our playout tick.
  const cleanDelays: number[] = [];
  let receiveTargetMs = 0;
  for (const phase of [0, 5, 10, 15]) {
    const clean = await receiveRun(seconds / 4, undefined, phase);
    cleanDelays.push(...clean.played.map((p) => p.at - clean.arrivedAt.get(p.ts)!).filter(Number.isFinite));
    receiveTargetMs = Math.max(receiveTargetMs, clean.session.stats().targetDepthMs);
  }
  const receiveMs = summary(cleanDelays);

  const impair = { lossRate: 0.2, jitterMs: 60 };
  const bad = await receiveRun(seconds * 1.5, impair);
  const st = bad.session.stats();
  const held = bad.played.filter((p) => bad.arrivedAt.has(p.ts)).map((p) => p.at - bad.arrivedAt.get(p.ts)!);
  const e2e = bad.played.map((p) => p.at - bad.sentAt.get(p.ts)!).filter(Number.isFinite);
  const heard = st.playedFrames + st.concealedFrames;
  const targets = summary(bad.targets);
  const depths = summary(bad.depths);
  return {
    seconds,
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
    sendMs,
    receiveMs,
    receiveTargetMs,
    damaged: {
      ...impair,
      networkMs: summary([...bad.arrivedAt].map(([ts, at]) => at - bad.sentAt.get(ts)!).filter(Number.isFinite)),
      heldMs: summary(held),
      endToEndMs: summary(e2e),
      concealedPct: (100 * st.concealedFrames) / Math.max(1, heard),
      latePct: (100 * st.late) / Math.max(1, st.late + st.packetsIn),
      lostPct: (100 * st.lost) / Math.max(1, st.lost + st.packetsIn),
      targetMs: { p50: targets.p50, max: targets.max },
      depthMs: { p50: depths.p50, p95: depths.p95 },
      droppedFrames: st.droppedFrames,
    },
  };
}

const ms = (s: DelaySummary) => `p50 ${s.p50.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · max ${s.max.toFixed(1)} ms (n=${s.n})`;

export function formatVoiceBench(r: VoiceBenchResult): string {
  const d = r.damaged;
  return [
    `voice: microphone frame → RTP packet out          ${ms(r.sendMs)} (target < 60 ms added one way)`,
    `voice: RTP packet in → frame in the playout output ${ms(r.receiveMs)}; jitter-buffer target ${r.receiveTargetMs} ms`,
    `voice: ${d.lossRate * 100} % loss + 0–${d.jitterMs} ms jitter (relay delay measured ${ms(d.networkMs)})`,
    `       packet in → frame in the playout output ${ms(d.heldMs)}`,
    `       far end send → playout (network jitter included) ${ms(d.endToEndMs)}`,
    `       lost ${d.lostPct.toFixed(1)} %, concealed ${d.concealedPct.toFixed(1)} % of frames, late ${d.latePct.toFixed(1)} % of packets, ` +
      `target depth p50 ${d.targetMs.p50} ms (max ${d.targetMs.max}), buffer depth p50 ${d.depthMs.p50.toFixed(0)} ms / p95 ${d.depthMs.p95.toFixed(0)} ms, ${d.droppedFrames} frame(s) dropped to catch up ` +
      `(load average ${r.loadAverage})`,
  ].join('\n');
}

/** For bench/run.ts: runs, prints, and writes bench/results/voice.json. */
export async function runVoiceBench(seconds = 10): Promise<VoiceBenchResult> {
  const result = await benchVoice(seconds);
  console.log(formatVoiceBench(result));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(join('bench/results', 'voice.json'), JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2) + '\n');
  return result;
}

// Run alone: only the voice bench.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runVoiceBench(Number(process.argv[2] ?? 10));
}

/**
 * Adaptive jitter buffer for one received G.711 stream (PROTOCOLS.md §5.3), pure: no timers
 * and no clock of its own. The RTP session pushes decoded packets with their arrival time
 * and pulls one 20 ms frame per tick of its playout clock, giving the tick's time, so tests
 * drive it with a fake clock.
 *
 * Frames are placed on the RTP timestamp axis sample by sample, so any packet time (10, 20,
 * 30, 40 ms) is cut into the 160-sample frames the operator's playout expects.
 *
 * Playout follows a schedule rather than the buffer's fill: a sample is played `target` ms
 * after the earliest it could arrive (DelayEstimator: base delay, and target = p95 jitter +
 * one frame, 40–120 ms). On each tick the "lag" (now − earliest arrival of the next sample)
 * is compared with the target:
 * - the next frame is there: play it;
 * - it is missing and we are ahead of schedule (lag < target): conceal without moving on,
 *   so a late or re-ordered packet still plays (the delay grows by one frame);
 * - it is missing and we are on schedule: it is lost or too late: conceal and move on;
 * - we are behind schedule by more than a frame (sender clock fast, jitter gone down): drop
 *   one frame, at most one every 100 ms; a backlog beyond 240 ms is skipped at once.
 * Concealment repeats the last frame with decreasing gain, then silence; after 10 frames
 * without audio the buffer re-primes (waits for the target again). Duplicates and packets
 * whose time was played are dropped and counted. A new SSRC or a timestamp jump beyond 2 s
 * resets the stream.
 */
import { DelayEstimator } from './delay-estimator';

export interface JitterBufferOptions {
  frameSamples?: number;
  sampleRate?: number;
  minTargetMs?: number;
  maxTargetMs?: number;
  /** Target until 50 packets (1 s) were seen to estimate the jitter. */
  initialTargetMs?: number;
  /** Repeated-frame gains for concealment; after them, silence. */
  concealGains?: readonly number[];
  /** Consecutive underrun frames after which the buffer re-primes. */
  reprimeAfterFrames?: number;
  /** Minimum pulls between two frames dropped to catch up. */
  dropSpacingFrames?: number;
  /** A timestamp jump beyond this resets the stream. */
  resetJumpMs?: number;
  /** Packets kept for the p95 delay estimate. */
  historyPackets?: number;
  /** Packets seen before the target moves off its initial value. */
  warmupPackets?: number;
}

export interface JitterPacket {
  ssrc: number;
  sequence: number;
  timestamp: number;
  samples: Int16Array;
  /** Arrival time in milliseconds on any monotonic clock. */
  arrivalMs: number;
}

export type PushOutcome = 'accepted' | 'duplicate' | 'late';
export type FrameKind = 'audio' | 'concealed' | 'silence';

export interface PulledFrame {
  samples: Int16Array;
  kind: FrameKind;
  /** RTP timestamp (32-bit) of the frame's first sample; null for silence outside a stream. */
  timestamp: number | null;
}

export interface JitterBufferStats {
  received: number;
  duplicates: number;
  late: number;
  /** RFC 3550 cumulative loss (expected − received), never negative. */
  lost: number;
  /** Frames played from received audio. */
  played: number;
  /** Frames made up while playing (repeated or silent): losses and underruns. */
  concealed: number;
  /** Frames of silence while waiting for a stream (before it, between talkspurts). */
  idle: number;
  /** Frames dropped to bring the delay back to target (drift, bursts). */
  dropped: number;
  resets: number;
  /** RFC 3550 interarrival jitter, milliseconds. */
  jitterMs: number;
  depthMs: number;
  targetMs: number;
  state: 'priming' | 'playing';
}

interface Stored {
  ts: number;
  samples: Int16Array;
}

const DEFAULTS = {
  frameSamples: 160,
  sampleRate: 8000,
  minTargetMs: 40,
  maxTargetMs: 120,
  initialTargetMs: 40,
  concealGains: [0.9, 0.7, 0.5, 0.3, 0.1] as readonly number[],
  reprimeAfterFrames: 10,
  dropSpacingFrames: 5,
  resetJumpMs: 2000,
  historyPackets: 200,
  warmupPackets: 50,
};

const int16 = (v: number) => (v << 16) >> 16;
const int32 = (v: number) => v | 0;

export class JitterBuffer {
  private readonly o: typeof DEFAULTS;
  private readonly perMs: number;
  // Stream state (cleared on reset)
  private ssrc: number | null = null;
  private seqRef: number | null = null;
  private tsRef: number | null = null;
  private baseSeq = 0;
  private maxSeq = 0;
  private streamReceived = 0;
  private seen = new Set<number>();
  private seenOrder: number[] = [];
  private packets: Stored[] = [];
  private playTs: number | null = null;
  private state: 'priming' | 'playing' = 'priming';
  private lastFrame: Int16Array | null = null;
  private underrunRun = 0;
  private silenceExpected = false;
  private readonly delay: DelayEstimator;
  private sinceDrop = 0;
  // Cumulative counters
  private c = { received: 0, duplicates: 0, late: 0, lostBefore: 0, played: 0, concealed: 0, idle: 0, dropped: 0, resets: 0 };

  constructor(options: JitterBufferOptions = {}) {
    this.o = { ...DEFAULTS, ...options };
    this.perMs = this.o.sampleRate / 1000;
    this.delay = new DelayEstimator({ ...this.o, perMs: this.perMs, frameMs: this.o.frameSamples / this.perMs });
  }

  /** The peer announced silence (comfort noise): an empty buffer is silence, not a loss. */
  comfortNoise(): void {
    this.silenceExpected = true;
  }

  push(p: JitterPacket): PushOutcome {
    if (this.ssrc !== null && p.ssrc >>> 0 !== this.ssrc) this.resetStream();
    if (this.ssrc === null) this.beginStream(p);
    let ts = this.unwrapTs(p.timestamp);
    if (this.playTs !== null && Math.abs(ts - this.playTs) > this.o.resetJumpMs * this.perMs) {
      this.resetStream();
      this.beginStream(p);
      ts = this.unwrapTs(p.timestamp);
    }
    const seq = this.unwrapSeq(p.sequence);
    if (this.seen.has(seq)) {
      this.c.duplicates++;
      return 'duplicate';
    }
    this.remember(seq);
    this.c.received++;
    this.streamReceived++;
    if (seq > this.maxSeq) this.maxSeq = seq;
    if (seq < this.baseSeq) this.baseSeq = seq;
    this.delay.add(ts, p.arrivalMs);
    this.silenceExpected = false;

    const end = ts + p.samples.length;
    if (this.playTs !== null && end <= this.playTs) {
      this.c.late++;
      return 'late';
    }
    // Insert in timestamp order (packets mostly arrive in order: scan from the end).
    let i = this.packets.length;
    while (i > 0 && this.packets[i - 1]!.ts > ts) i--;
    if (i > 0 && this.packets[i - 1]!.ts === ts) {
      this.c.duplicates++;
      return 'duplicate';
    }
    this.packets.splice(i, 0, { ts, samples: p.samples });
    return 'accepted';
  }

  /** One frame for the playout tick due at `nowMs` (same clock as the arrival times); always `frameSamples` samples. */
  pull(nowMs: number): PulledFrame {
    const n = this.o.frameSamples;
    if (this.state === 'priming' && !this.tryStart(nowMs)) {
      this.c.idle++;
      return { samples: new Int16Array(n), kind: 'silence', timestamp: null };
    }
    this.catchUp(nowMs);
    const start = this.playTs!;
    const out = new Int16Array(n);
    let covered = 0;
    for (const pk of this.packets) {
      if (pk.ts >= start + n) break;
      const from = Math.max(start, pk.ts);
      const to = Math.min(start + n, pk.ts + pk.samples.length);
      if (to <= from) continue;
      out.set(pk.samples.subarray(from - pk.ts, to - pk.ts), from - start);
      covered += to - from;
    }
    if (covered > 0) {
      this.advance(n);
      this.lastFrame = out;
      this.underrunRun = 0;
      this.c.played++;
      return { samples: out, kind: 'audio', timestamp: start >>> 0 };
    }
    const next = this.packets[0];
    if (next && next.ts - start > this.o.concealGains.length * n) {
      // A long gap before the next packet: the sender paused. Restart at its next talkspurt.
      return this.reprime(next.ts);
    }
    if (!next && this.silenceExpected) return this.reprime(null);
    // Missing frame. Ahead of schedule: wait for it (it may only be late). On schedule: move on.
    if (this.lagMs(start, nowMs) >= this.delay.targetMs) this.advance(n);
    const frame = this.conceal(out, start);
    if (this.underrunRun >= this.o.reprimeAfterFrames) this.state = 'priming';
    return frame;
  }

  stats(): JitterBufferStats {
    const expected = this.streamReceived ? this.maxSeq - this.baseSeq + 1 : 0;
    return {
      received: this.c.received,
      duplicates: this.c.duplicates,
      late: this.c.late,
      lost: this.c.lostBefore + Math.max(0, expected - this.streamReceived),
      played: this.c.played,
      concealed: this.c.concealed,
      idle: this.c.idle,
      dropped: this.c.dropped,
      resets: this.c.resets,
      jitterMs: this.delay.jitter / this.perMs,
      depthMs: this.depthSamples() / this.perMs,
      targetMs: this.delay.targetMs,
      state: this.state,
    };
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private beginStream(p: JitterPacket): void {
    this.ssrc = p.ssrc >>> 0;
    this.seqRef = p.sequence;
    this.tsRef = p.timestamp >>> 0;
    this.baseSeq = p.sequence;
    this.maxSeq = p.sequence;
  }

  private resetStream(): void {
    const expected = this.streamReceived ? this.maxSeq - this.baseSeq + 1 : 0;
    this.c.lostBefore += Math.max(0, expected - this.streamReceived);
    this.c.resets++;
    this.ssrc = null;
    this.seqRef = null;
    this.tsRef = null;
    this.streamReceived = 0;
    this.seen.clear();
    this.seenOrder = [];
    this.packets = [];
    this.playTs = null;
    this.state = 'priming';
    this.lastFrame = null;
    this.underrunRun = 0;
    this.delay.reset();
  }

  /** Unwraps a 32-bit timestamp around the last one (RFC 3550 wrap-around). */
  private unwrapTs(ts: number): number {
    const ref = this.tsRef!;
    const unwrapped = ref + int32((ts >>> 0) - (ref >>> 0));
    this.tsRef = Math.max(ref, unwrapped);
    return unwrapped;
  }

  private unwrapSeq(seq: number): number {
    const ref = this.seqRef!;
    const unwrapped = ref + int16(seq - (ref & 0xffff));
    this.seqRef = Math.max(ref, unwrapped);
    return unwrapped;
  }

  private remember(seq: number): void {
    this.seen.add(seq);
    this.seenOrder.push(seq);
    if (this.seenOrder.length > 1024) this.seen.delete(this.seenOrder.shift()!);
  }

  private depthSamples(): number {
    const last = this.packets[this.packets.length - 1];
    if (!last) return 0;
    const from = this.playTs ?? this.packets[0]!.ts;
    return Math.max(0, last.ts + last.samples.length - from);
  }

  /** How late, against the earliest it could have arrived, the sample at `ts` is played at `nowMs`. */
  private lagMs(ts: number, nowMs: number): number {
    const earliest = this.delay.expectedArrivalMs(ts);
    return earliest === null ? 0 : nowMs - earliest;
  }

  /** Starts playing once the first buffered sample has waited the target minus one frame. */
  private tryStart(nowMs: number): boolean {
    const first = this.packets[0];
    if (!first) return false;
    const from = this.playTs === null ? first.ts : Math.max(this.playTs, first.ts);
    if (this.lagMs(from, nowMs) < this.delay.targetMs - this.o.frameSamples / this.perMs) return false;
    this.playTs = from;
    this.state = 'playing';
    this.underrunRun = 0;
    this.sinceDrop = 0;
    return true;
  }

  /** Behind schedule by more than a frame: drop one (spaced out), or skip a big backlog at once. */
  private catchUp(nowMs: number): void {
    const n = this.o.frameSamples;
    const frameMs = n / this.perMs;
    const excessMs = this.lagMs(this.playTs!, nowMs) - this.delay.targetMs;
    this.sinceDrop++;
    if (excessMs > 2 * this.o.maxTargetMs) {
      const skip = Math.floor(excessMs / frameMs);
      this.advance(skip * n);
      this.c.dropped += skip;
      this.sinceDrop = 0;
    } else if (excessMs > frameMs && this.sinceDrop >= this.o.dropSpacingFrames && this.depthSamples() > n) {
      this.advance(n);
      this.c.dropped++;
      this.sinceDrop = 0;
    }
  }

  private reprime(nextTs: number | null): PulledFrame {
    this.state = 'priming';
    if (nextTs !== null) this.playTs = nextTs;
    this.underrunRun = 0;
    this.c.idle++;
    return { samples: new Int16Array(this.o.frameSamples), kind: 'silence', timestamp: null };
  }

  private advance(samples: number): void {
    this.playTs! += samples;
    while (this.packets.length && this.packets[0]!.ts + this.packets[0]!.samples.length <= this.playTs!) this.packets.shift();
  }

  private conceal(out: Int16Array, start: number): PulledFrame {
    const gain = this.o.concealGains[this.underrunRun];
    this.underrunRun++;
    this.c.concealed++;
    if (gain !== undefined && this.lastFrame) {
      for (let i = 0; i < out.length; i++) out[i] = Math.round(this.lastFrame[i]! * gain);
    }
    return { samples: out, kind: 'concealed', timestamp: start >>> 0 };
  }
}

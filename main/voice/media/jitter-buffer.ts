/**
 * Adaptive jitter buffer for one received G.711 stream (PROTOCOLS.md §5.3), pure: no timers
 * and no clock of its own. The RTP session pushes decoded packets with their arrival time
 * and pulls one 20 ms frame per tick of its playout clock, so tests drive it with a fake clock.
 *
 * Frames are placed on the RTP timestamp axis sample by sample, so any packet time (10, 20,
 * 30, 40 ms) is cut into the 160-sample frames the operator's playout expects.
 *
 * - Order by timestamp; duplicates (same sequence) and packets whose time has already been
 *   played are dropped and counted.
 * - Target depth ≈ p95 of the packets' relative delay + one frame, clamped to 40–120 ms.
 *   Playout starts (and restarts after a long underrun) once that much is buffered.
 * - Hole with later packets buffered (a loss): conceal and move on. Buffer empty (late
 *   packets): conceal without moving on, which stretches the delay by a frame when the
 *   network slowed down. Concealment repeats the last frame with decreasing gain, then silence.
 * - Drift and excess delay: when the depth stays above target + one frame for half a
 *   second, one frame is dropped.
 * - A new SSRC or a timestamp jump beyond 2 s resets the stream (re-prime).
 */
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
  /** Pulls over which the depth must stay high before one frame is dropped. */
  driftWindowFrames?: number;
  /** A timestamp jump beyond this resets the stream. */
  resetJumpMs?: number;
  /** Packets kept for the p95 delay estimate. */
  historyPackets?: number;
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
  driftWindowFrames: 25,
  resetJumpMs: 2000,
  historyPackets: 200,
};

/**
 * How much later than the earliest packet the 95th percentile arrives, over the history.
 * The linear trend is taken out first: a sender clock slightly fast or slow makes the delay
 * slide steadily, which is drift (handled by dropping frames), not jitter.
 */
export function delaySpreadP95(history: readonly { ts: number; delayMs: number }[]): number {
  const n = history.length;
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (const h of history) {
    mx += h.ts;
    my += h.delayMs;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (const h of history) {
    sxy += (h.ts - mx) * (h.delayMs - my);
    sxx += (h.ts - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const residuals = history.map((h) => h.delayMs - slope * (h.ts - mx)).sort((a, b) => a - b);
  return residuals[Math.min(n - 1, Math.ceil(n * 0.95) - 1)]! - residuals[0]!;
}

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
  private prevTransit: number | null = null;
  private delays: { ts: number; delayMs: number }[] = [];
  private sinceTarget = 0;
  private depthWindow: number[] = [];
  private targetMs: number;
  private jitter = 0;
  // Cumulative counters
  private c = { received: 0, duplicates: 0, late: 0, lostBefore: 0, played: 0, concealed: 0, idle: 0, dropped: 0, resets: 0 };

  constructor(options: JitterBufferOptions = {}) {
    this.o = { ...DEFAULTS, ...options };
    this.perMs = this.o.sampleRate / 1000;
    this.targetMs = this.o.initialTargetMs;
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
    this.measure(ts, p.arrivalMs);
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

  /** One frame for the playout clock; always returns `frameSamples` samples. */
  pull(): PulledFrame {
    const n = this.o.frameSamples;
    if (this.state === 'priming' && !this.tryStart()) {
      this.c.idle++;
      return { samples: new Int16Array(n), kind: 'silence', timestamp: null };
    }
    this.trimExcess();
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
    if (next) {
      // A hole before later packets: lost (or too late). Conceal over it, or, when it is
      // longer than the concealment (the sender paused), restart at the next talkspurt.
      if (next.ts - start > this.o.concealGains.length * n) {
        this.state = 'priming';
        this.playTs = next.ts;
        this.underrunRun = 0;
        this.c.idle++;
        return { samples: out, kind: 'silence', timestamp: null };
      }
      this.advance(n);
      return this.conceal(out, start);
    }
    // Empty: the next packet is late. Do not move on, so it still plays when it comes.
    if (this.silenceExpected) {
      this.state = 'priming';
      this.c.idle++;
      return { samples: out, kind: 'silence', timestamp: null };
    }
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
      jitterMs: this.jitter / this.perMs,
      depthMs: this.depthSamples() / this.perMs,
      targetMs: this.targetMs,
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
    this.prevTransit = null;
    this.delays = [];
    this.depthWindow = [];
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

  /** RFC 3550 §6.4.1 jitter, and the relative delay history behind the adaptive target. */
  private measure(ts: number, arrivalMs: number): void {
    const transit = arrivalMs * this.perMs - ts;
    if (this.prevTransit !== null) this.jitter += (Math.abs(transit - this.prevTransit) - this.jitter) / 16;
    this.prevTransit = transit;
    this.delays.push({ ts, delayMs: transit / this.perMs });
    if (this.delays.length > this.o.historyPackets) this.delays.shift();
    if (++this.sinceTarget >= 8 && this.delays.length >= 50) {
      this.sinceTarget = 0;
      const frameMs = this.o.frameSamples / this.perMs;
      this.targetMs = Math.min(this.o.maxTargetMs, Math.max(this.o.minTargetMs, Math.ceil(delaySpreadP95(this.delays) + frameMs)));
    }
  }

  private depthSamples(): number {
    const last = this.packets[this.packets.length - 1];
    if (!last) return 0;
    const from = this.playTs ?? this.packets[0]!.ts;
    return Math.max(0, last.ts + last.samples.length - from);
  }

  private tryStart(): boolean {
    const first = this.packets[0];
    if (!first) return false;
    const from = this.playTs === null ? first.ts : Math.max(this.playTs, first.ts);
    const last = this.packets[this.packets.length - 1]!;
    if (last.ts + last.samples.length - from < this.targetMs * this.perMs) return false;
    this.playTs = from;
    this.state = 'playing';
    this.underrunRun = 0;
    this.depthWindow = [];
    return true;
  }

  /** Drops a frame when the depth stayed a frame above target for the whole window. */
  private trimExcess(): void {
    const n = this.o.frameSamples;
    const depth = this.depthSamples();
    const target = this.targetMs * this.perMs;
    // A burst far beyond the largest target (a network stall released): skip to target at once.
    if (depth > 2 * this.o.maxTargetMs * this.perMs) {
      const skip = Math.floor((depth - target) / n);
      this.advance(skip * n);
      this.c.dropped += skip;
      this.depthWindow = [];
      return;
    }
    this.depthWindow.push(depth);
    if (this.depthWindow.length < this.o.driftWindowFrames) return;
    if (this.depthWindow.length > this.o.driftWindowFrames) this.depthWindow.shift();
    if (Math.min(...this.depthWindow) >= target + n) {
      this.advance(n);
      this.c.dropped++;
      this.depthWindow = [];
    }
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

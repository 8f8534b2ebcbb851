/**
 * Where the audio goes, in main: each call's far end (one 20 ms frame per tick of its own
 * playout clock) to its recording, to the operator's ears when the call is audible, and
 * into the outside call it is bridged with; the operator's microphone (paced by the
 * renderer) to every call that is sending. Nothing of the microphone goes to a call that
 * is not sending: that is the privacy guard's half on the operator's side.
 *
 * The operator hears several calls at once only through a bridge; the mix then follows
 * the clock of the first audible call (the others' latest frames are added to it), so a
 * single call reaches the ears with no added delay.
 */
import type { AudioPort } from '../audio-port';
import { AUDIO_FRAME_SAMPLES } from '../audio-port';
import type { Call } from './call';

/** Frames kept per queue at most (100 ms): two clocks drift; an older frame is dropped. */
const MAX_QUEUE = 5;
const LEVEL_INTERVAL_MS = 100;

interface CallAudio {
  /** What we sent to the far end, waiting for the recording's next tick (channel 2). */
  sent: Int16Array[];
  /** The operator's frames for a bridged outside call, mixed with the beacon's at its tick. */
  toBridge: Int16Array[];
  peakPeer: number;
  peakOperator: number;
}

export interface RouterHooks {
  /** Live calls, oldest first. */
  calls(): Iterable<Call>;
  byId(callId: string): Call | undefined;
  /** The operator hears this call now (connected, not held). */
  audible(c: Call): boolean;
  /** The microphone goes to this call now (sending mode, connected, not held). */
  sending(c: Call): boolean;
  level(l: { callId: string; peer: number; operator: number }): void;
}

function peakOf(frame: Int16Array): number {
  let p = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = Math.abs(frame[i] ?? 0);
    if (v > p) p = v;
  }
  return p;
}

/** Sums frames with saturation; the result has the first frame's length. */
export function mixFrames(frames: readonly Int16Array[]): Int16Array {
  const n = frames[0]?.length ?? AUDIO_FRAME_SAMPLES;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const f of frames) s += f[i] ?? 0;
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}

const push = (q: Int16Array[], f: Int16Array) => {
  q.push(f);
  if (q.length > MAX_QUEUE) q.shift();
};

export class AudioRouter {
  private readonly audio = new Map<string, CallAudio>();
  private readonly pendingPlayout = new Map<string, Int16Array>();
  private port: AudioPort | null = null;
  private offCapture: (() => void) | null = null;
  private levelTimer: NodeJS.Timeout | null = null;

  constructor(private readonly hooks: RouterHooks) {}

  /** The renderer's audio (last attached wins); returns the detach. */
  attach(port: AudioPort): () => void {
    this.offCapture?.();
    this.port = port;
    const off = port.onCapture((frame) => this.capture(frame));
    this.offCapture = off;
    return () => {
      if (this.port !== port) return;
      off();
      this.port = null;
      this.offCapture = null;
    };
  }

  /** A call's media is up: its playout ticks come here. */
  add(c: Call): void {
    this.audio.set(c.callId, { sent: [], toBridge: [], peakPeer: 0, peakOperator: 0 });
    this.levelTimer ??= setInterval(() => this.levels(), LEVEL_INTERVAL_MS);
  }

  remove(callId: string): void {
    this.audio.delete(callId);
    this.pendingPlayout.delete(callId);
    if (this.audio.size === 0 && this.levelTimer) {
      clearInterval(this.levelTimer);
      this.levelTimer = null;
    }
  }

  stop(): void {
    this.offCapture?.();
    this.offCapture = null;
    this.port = null;
    for (const id of [...this.audio.keys()]) this.remove(id);
  }

  /** One tick of a call's playout clock: `frame` is what its far end said (silence included). */
  peerFrame(c: Call, frame: Int16Array): void {
    const a = this.audio.get(c.callId);
    if (!a || c.phase === 'ended') return;
    a.peakPeer = Math.max(a.peakPeer, peakOf(frame));
    c.recorder?.write(frame, a.sent.shift() ?? null);
    this.feedBridges(c, frame);
    if (this.hooks.audible(c)) this.playout(c, frame);
  }

  /** The beacon's frame goes to the outside calls bridged with it, with the operator's voice for them. */
  private feedBridges(beacon: Call, frame: Int16Array): void {
    if (beacon.party !== 'beacon') return;
    for (const o of this.hooks.calls()) {
      if (o.bridgedWith !== beacon.callId || o.phase !== 'connected' || !o.media) continue;
      const oa = this.audio.get(o.callId);
      if (!oa) continue;
      const voice = oa.toBridge.shift();
      const out = voice ? mixFrames([frame, voice]) : frame;
      if (o.media.sendFrame(out)) push(oa.sent, out);
    }
  }

  private playout(c: Call, frame: Int16Array): void {
    if (!this.port) return;
    let lead: Call | undefined;
    for (const x of this.hooks.calls()) {
      if (this.hooks.audible(x) && this.audio.has(x.callId)) {
        lead = x;
        break;
      }
    }
    if (!lead || lead.callId === c.callId) {
      const others = [...this.pendingPlayout.values()];
      this.pendingPlayout.clear();
      this.port.sendPlayout(others.length ? mixFrames([frame, ...others]) : frame);
    } else {
      this.pendingPlayout.set(c.callId, frame);
    }
  }

  private capture(frame: Int16Array): void {
    const peak = peakOf(frame);
    for (const c of this.hooks.calls()) {
      if (!c.media || !this.hooks.sending(c)) continue;
      const a = this.audio.get(c.callId);
      if (!a) continue;
      a.peakOperator = Math.max(a.peakOperator, peak);
      const beacon = c.bridgedWith ? this.hooks.byId(c.bridgedWith) : undefined;
      if (beacon && beacon.phase !== 'ended' && this.audio.has(beacon.callId)) {
        // Mixed with the beacon at the beacon's next tick (feedBridges).
        push(a.toBridge, frame);
      } else if (c.media.sendFrame(frame)) {
        push(a.sent, frame);
      }
    }
  }

  private levels(): void {
    for (const [callId, a] of this.audio) {
      const c = this.hooks.byId(callId);
      if (!c || c.phase !== 'connected' && c.phase !== 'held') continue;
      this.hooks.level({ callId, peer: Math.min(1, a.peakPeer / 32768), operator: Math.min(1, a.peakOperator / 32768) });
      a.peakPeer = 0;
      a.peakOperator = 0;
    }
  }
}

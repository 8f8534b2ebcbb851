/**
 * Mixing for the three-way bridge (beacon, operator, outside party such as the police) and
 * the small FIFO that lines frames from different clocks up on one tick.
 *
 * Mixing is a plain sum clamped to 16 bits: with three voices at most, a sum rarely clips,
 * and a clamp keeps a rare peak a click instead of a wrap-around crack.
 */
export const MIX_FRAME_SAMPLES = 160;

/** Sums frames sample by sample (missing frames are silence), clamped to Int16. */
export function mixFrames(frames: readonly (Int16Array | null | undefined)[], length = MIX_FRAME_SAMPLES): Int16Array {
  const acc = new Int32Array(length);
  for (const f of frames) {
    if (!f) continue;
    const n = Math.min(length, f.length);
    for (let i = 0; i < n; i++) acc[i]! += f[i]!;
  }
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.max(-32768, Math.min(32767, acc[i]!));
  return out;
}

/** Scales a frame by a gain (volume), clamped. */
export function scaleFrame(frame: Int16Array, gain: number): Int16Array {
  const out = new Int16Array(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(frame[i]! * gain)));
  return out;
}

export interface BridgeInput {
  /** What the beacon sent (its playout frame this tick). */
  beacon: Int16Array | null;
  /** What the operator says (null when the operator is muted or only listening). */
  operator: Int16Array | null;
  /** What the outside party sent (its playout frame this tick). */
  outside: Int16Array | null;
}

export interface BridgeOutput {
  /** To the outside party: the beacon and the operator. */
  toOutside: Int16Array;
  /** To the operator's ears: the beacon and the outside party. */
  toOperator: Int16Array;
  /** To the beacon: the operator, and the outside party only when allowed. */
  toBeacon: Int16Array;
}

/**
 * One tick of the three-way bridge. By default the outside party is not heard at the beacon:
 * the police listening to an intrusion must not be heard in the classroom unless the
 * operator opens that path on purpose.
 */
export function mixBridge(input: BridgeInput, options: { outsideToBeacon?: boolean } = {}): BridgeOutput {
  return {
    toOutside: mixFrames([input.beacon, input.operator]),
    toOperator: mixFrames([input.beacon, input.outside]),
    toBeacon: mixFrames(options.outsideToBeacon ? [input.operator, input.outside] : [input.operator]),
  };
}

/**
 * Frames from one clock (the operator's microphone, another call's playout) taken one per
 * tick of another clock. Bursts are absorbed up to `maxFrames`; beyond that the oldest frame
 * goes (the two clocks drifted apart: better lose 20 ms than let the delay grow).
 */
export class FrameFifo {
  private frames: Int16Array[] = [];
  dropped = 0;

  constructor(private readonly maxFrames = 10) {}

  push(frame: Int16Array): void {
    this.frames.push(frame);
    while (this.frames.length > this.maxFrames) {
      this.frames.shift();
      this.dropped++;
    }
  }

  /** The oldest frame, or null when none arrived since the last tick. */
  take(): Int16Array | null {
    return this.frames.shift() ?? null;
  }

  get depth(): number {
    return this.frames.length;
  }

  clear(): void {
    this.frames = [];
  }
}

/**
 * The operator's audio frames between the renderer and main (see main/voice/audio-port.ts
 * for the port itself): 8 kHz mono, 20 ms = 160 signed 16-bit samples a frame.
 *
 * Wire layout of one binary frame (WebSocket message or MessagePort message):
 * byte 0 = kind (1 capture, renderer → main; 2 playout, main → renderer), bytes 1..3 zero,
 * then 160 little-endian Int16 samples: 324 bytes. Anything else is refused with a reason,
 * never thrown: the receiver drops and logs it.
 *
 * Pure (no Node, no DOM): the renderer, its AudioWorklets and main share it.
 */
export const AUDIO_SAMPLE_RATE = 8000;
export const AUDIO_FRAME_SAMPLES = 160;
export const AUDIO_FRAME = { capture: 1, playout: 2, headerBytes: 4, bytes: 4 + AUDIO_FRAME_SAMPLES * 2 } as const;

export type AudioFrameKind = 'capture' | 'playout';

export type DecodedFrame = { ok: true; samples: Int16Array } | { ok: false; reason: string };

/** One frame on the wire; `samples` must hold exactly 160 samples. */
export function encodeAudioFrame(kind: AudioFrameKind, samples: Int16Array): Uint8Array {
  if (samples.length !== AUDIO_FRAME_SAMPLES) throw new RangeError(`an audio frame holds ${AUDIO_FRAME_SAMPLES} samples, not ${samples.length}`);
  const bytes = new Uint8Array(AUDIO_FRAME.bytes);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, AUDIO_FRAME[kind]);
  for (let i = 0; i < AUDIO_FRAME_SAMPLES; i += 1) view.setInt16(AUDIO_FRAME.headerBytes + i * 2, samples[i] ?? 0, true);
  return bytes;
}

/** Reads a frame of the expected kind from whatever the carrier handed over. */
export function decodeAudioFrame(data: unknown, expected: AudioFrameKind): DecodedFrame {
  const bytes = asBytes(data);
  if (!bytes) return { ok: false, reason: `not binary (${describe(data)})` };
  if (bytes.byteLength !== AUDIO_FRAME.bytes) return { ok: false, reason: `${bytes.byteLength} bytes, expected ${AUDIO_FRAME.bytes}` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = view.getUint8(0);
  if (kind !== AUDIO_FRAME[expected]) return { ok: false, reason: `kind ${kind}, expected ${AUDIO_FRAME[expected]} (${expected})` };
  if (view.getUint8(1) !== 0 || view.getUint8(2) !== 0 || view.getUint8(3) !== 0) return { ok: false, reason: 'reserved header bytes are not zero' };
  const samples = new Int16Array(AUDIO_FRAME_SAMPLES);
  for (let i = 0; i < AUDIO_FRAME_SAMPLES; i += 1) samples[i] = view.getInt16(AUDIO_FRAME.headerBytes + i * 2, true);
  return { ok: true, samples };
}

/** Web Audio floats (−1..1, clipped) to signed 16-bit PCM. */
export function floatToInt16(input: ArrayLike<number>, out = new Int16Array(input.length)): Int16Array {
  for (let i = 0; i < input.length; i += 1) {
    const s = Math.max(-1, Math.min(1, input[i] || 0));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** Signed 16-bit PCM to Web Audio floats. */
export function int16ToFloat(input: Int16Array, out = new Float32Array(input.length)): Float32Array {
  for (let i = 0; i < input.length; i += 1) {
    const v = input[i] ?? 0;
    out[i] = v / (v < 0 ? 0x8000 : 0x7fff);
  }
  return out;
}

/** Peak of a frame, 0..1: what the level meters show. */
export function peakLevel(samples: Int16Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const a = Math.abs(samples[i] ?? 0);
    if (a > peak) peak = a;
  }
  return Math.min(1, peak / 0x7fff);
}

function asBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // A WebSocket may hand over a message in fragments (ws: Buffer[]).
  if (Array.isArray(data) && data.every((d) => d instanceof Uint8Array)) {
    const total = data.reduce((n, d: Uint8Array) => n + d.byteLength, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const d of data as Uint8Array[]) {
      out.set(d, at);
      at += d.byteLength;
    }
    return out;
  }
  return null;
}

function describe(data: unknown): string {
  if (data === null) return 'null';
  if (typeof data === 'string') return `text of ${data.length} characters`;
  return typeof data;
}

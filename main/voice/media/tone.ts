/**
 * Test tones and their detection, so voice tests assert "the peer heard 1 kHz" by frequency
 * rather than by comparing bytes (G.711, resampling and concealment all change the bytes).
 * Goertzel evaluates one frequency bin in O(n) without an FFT library.
 */
export const TONE_SAMPLE_RATE = 8000;

type Samples = ArrayLike<number>;

/** Normalises Int16 samples to [-1, 1); floats are taken as they are. */
function toUnit(samples: Samples): Float64Array {
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
  const out = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * scale;
  return out;
}

function goertzelPower(x: Float64Array, hz: number, sampleRate: number): number {
  const w = (2 * Math.PI * hz) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = x[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/**
 * Amplitude of the `hz` component, as a fraction of full scale (a full-scale sine gives
 * about 1, a sine at half scale about 0.5, silence 0). Int16Array samples are scaled by
 * 1/32768; other arrays are taken as floats in [-1, 1].
 */
export function toneLevel(samples: Samples, hz: number, sampleRate = TONE_SAMPLE_RATE): number {
  if (samples.length === 0) return 0;
  const x = toUnit(samples);
  return (2 * Math.sqrt(Math.max(0, goertzelPower(x, hz, sampleRate)))) / x.length;
}

/** Root-mean-square level as a fraction of full scale. */
export function rmsLevel(samples: Samples): number {
  if (samples.length === 0) return 0;
  const x = toUnit(samples);
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / x.length);
}

/**
 * The strongest frequency between `minHz` and `maxHz` (default 50 Hz to just under
 * Nyquist), to within a few hertz: a Hann-windowed Goertzel sweep in 10 Hz steps, then a
 * 1 Hz sweep around the best bin. Returns 0 for silence.
 */
export function dominantFrequency(samples: Samples, sampleRate = TONE_SAMPLE_RATE, minHz = 50, maxHz = sampleRate / 2 - 50): number {
  const x = toUnit(samples);
  const n = x.length;
  if (n < 16) return 0;
  for (let i = 0; i < n; i++) x[i]! *= 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  let best = 0;
  let bestPower = 0;
  const sweep = (from: number, to: number, step: number) => {
    for (let hz = from; hz <= to; hz += step) {
      const p = goertzelPower(x, hz, sampleRate);
      if (p > bestPower) {
        bestPower = p;
        best = hz;
      }
    }
  };
  sweep(minHz, maxHz, 10);
  if (bestPower <= 1e-9) return 0;
  sweep(Math.max(minHz, best - 10), Math.min(maxHz, best + 10), 1);
  return best;
}

export interface SineOptions {
  /** Peak amplitude as a fraction of full scale (default 0.5). */
  amplitude?: number;
  sampleRate?: number;
  /** Samples per frame (default 160 = 20 ms at 8 kHz, the AudioPort frame). */
  frameSamples?: number;
}

/** A continuous sine of `ms` milliseconds as Int16 frames (the last one zero-padded). */
export function sineFrames(hz: number, ms: number, options: SineOptions = {}): Int16Array[] {
  const rate = options.sampleRate ?? TONE_SAMPLE_RATE;
  const frame = options.frameSamples ?? 160;
  const amp = Math.round((options.amplitude ?? 0.5) * 32767);
  const total = Math.round((ms * rate) / 1000);
  const frames: Int16Array[] = [];
  for (let start = 0; start < total; start += frame) {
    const f = new Int16Array(frame);
    for (let i = 0; i < frame && start + i < total; i++) f[i] = Math.round(amp * Math.sin((2 * Math.PI * hz * (start + i)) / rate));
    frames.push(f);
  }
  return frames;
}

/** Joins frames into one signal (for analysing what was received). */
export function concatFrames(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

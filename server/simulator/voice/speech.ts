/**
 * The simulator's recorded French speech: short 8 kHz mono 16-bit WAVs generated once with
 * espeak-ng and sox (speech/generate.sh, their text in speech/texts.json) and committed, so
 * nothing here needs either tool. Clips are read once and cut into 20 ms frames.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { findRepoRoot } from '../../hub/paths';

export const SPEECH_CLIPS = [
  'beacon-ppms',
  'beacon-pti',
  'beacon-ms70',
  'beacon-generic',
  'line-police-17',
  'line-fire-18',
  'line-samu-15',
  'line-city-safety',
  'line-contact',
] as const;
export type SpeechClip = (typeof SPEECH_CLIPS)[number];

export const FRAME_SAMPLES = 160;

/** Where the clips are: given, else found from the repo root (this code also runs bundled). */
export function speechDir(explicit?: string): string {
  if (explicit) return explicit;
  const root = findRepoRoot();
  const dir = root ? join(root, 'server', 'simulator', 'voice', 'speech') : null;
  if (!dir || !existsSync(dir)) throw new Error('simulated speech not found (server/simulator/voice/speech): pass speechDir');
  return dir;
}

const cache = new Map<string, Int16Array>();

/** A clip's samples (8 kHz mono); throws a clear error on a file that is not 8 kHz mono 16-bit. */
export function loadClip(name: SpeechClip, dir?: string): Int16Array {
  const file = join(speechDir(dir), `${name}.wav`);
  const hit = cache.get(file);
  if (hit) return hit;
  const wav = new wavefile.WaveFile(readFileSync(file));
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
  if (fmt.numChannels !== 1 || fmt.sampleRate !== 8000 || fmt.bitsPerSample !== 16) {
    throw new Error(`${file}: expected 8 kHz mono 16-bit, got ${fmt.sampleRate} Hz, ${fmt.numChannels} channel(s), ${fmt.bitsPerSample} bits`);
  }
  const samples = Int16Array.from(wav.getSamples(false, Int16Array) as unknown as ArrayLike<number>);
  cache.set(file, samples);
  return samples;
}

/**
 * Frames of a clip followed by `gapMs` of silence, looped for ever when `loop`: what a
 * person keeps saying into the beacon, or a line's prompt said once.
 */
export function* clipFrames(samples: Int16Array, opts: { loop: boolean; gapMs?: number }): Generator<Int16Array> {
  const gapFrames = Math.round((opts.gapMs ?? 1500) / 20);
  do {
    for (let i = 0; i < samples.length; i += FRAME_SAMPLES) {
      const f = new Int16Array(FRAME_SAMPLES);
      f.set(samples.subarray(i, Math.min(i + FRAME_SAMPLES, samples.length)));
      yield f;
    }
    for (let g = 0; g < gapFrames; g++) yield new Int16Array(FRAME_SAMPLES);
  } while (opts.loop);
}

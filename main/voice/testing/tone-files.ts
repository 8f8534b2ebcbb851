/**
 * Test audio written in Node (no sox in CI): a sine as headerless A-law for SIPp's
 * rtp_stream (SIPp 3.6 sends a WAV header as noise: PROTOCOLS.md §4.2) and as an 8 kHz
 * 16-bit mono WAV for baresip's aufile source.
 */
import { writeFileSync } from 'node:fs';
import alawmulaw from 'alawmulaw';
import wavefile from 'wavefile';

export const TEST_RATE = 8000;

/** A sine at `amplitude` of full scale, with a short fade in and out (no clicks at other frequencies). */
export function sine(hz: number, ms: number, amplitude = 0.5): Int16Array {
  const n = Math.round((ms * TEST_RATE) / 1000);
  const fade = Math.min(80, Math.floor(n / 4));
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, i / fade, (n - 1 - i) / fade);
    out[i] = Math.round(Math.sin((2 * Math.PI * hz * i) / TEST_RATE) * amplitude * env * 32767);
  }
  return out;
}

export function writeAlawTone(path: string, hz: number, ms: number, amplitude = 0.5): string {
  writeFileSync(path, alawmulaw.alaw.encode(sine(hz, ms, amplitude)));
  return path;
}

export function writeWavTone(path: string, hz: number, ms: number, amplitude = 0.5): string {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, TEST_RATE, '16', sine(hz, ms, amplitude));
  writeFileSync(path, wav.toBuffer());
  return path;
}

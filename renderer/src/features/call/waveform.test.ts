import { describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { clock, parseWav, wavePeaks } from './waveform';

/** Two channels as main's recorder writes them: channel 1 loud first half, channel 2 loud second half. */
function recording(): ArrayBuffer {
  const n = 8000;
  const peer = new Int16Array(n);
  const op = new Int16Array(n);
  for (let i = 0; i < n; i += 1) {
    if (i < n / 2) peer[i] = i % 2 ? 16000 : -16000;
    else op[i] = i % 2 ? 32767 : -32767;
  }
  const wav = new WaveFile();
  wav.fromScratch(2, 8000, '16', [Array.from(peer), Array.from(op)]);
  const bytes = wav.toBuffer();
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('waveform', () => {
  it('reads a two-channel 8 kHz recording and finds where each side spoke', () => {
    const wav = parseWav(recording());
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 2, frames: 8000 });
    const [peer, op] = wavePeaks(wav, 4);
    expect([...(peer ?? [])].map((v) => Math.round(v * 100) / 100)).toEqual([0.49, 0.49, 0, 0]);
    expect([...(op ?? [])]).toEqual([0, 0, 1, 1]);
  });

  it('reads what exists of a file still being written, and refuses what is not a PCM WAV', () => {
    const full = recording();
    const cut = full.slice(0, full.byteLength - 1000);
    expect(parseWav(cut).frames).toBe(8000 - 250);
    expect(() => parseWav(new TextEncoder().encode('hello world, not audio').buffer as ArrayBuffer)).toThrow('not a RIFF/WAVE file');
  });

  it('writes times as m:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(75.9)).toBe('1:15');
    expect(clock(3725)).toBe('1:02:05');
  });
});

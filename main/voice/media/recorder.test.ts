import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { afterAll, describe, expect, it } from 'vitest';
import { repairWav, startCallRecorder } from './recorder';
import { dominantFrequency, sineFrames } from './tone';

const dir = mkdtempSync(join(tmpdir(), 'veille-recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads a WAV with an independent library, channels apart. */
function readWav(file: string) {
  const wav = new wavefile.WaveFile(readFileSync(file));
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
  const channels = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
  return { fmt, channels };
}

describe('call recorder', () => {
  it('writes the peer on channel 1 and the operator on channel 2, one frame per playout tick, with its SHA-256', async () => {
    const file = join(dir, 'call.wav');
    const rec = startCallRecorder(file);
    const peer = sineFrames(1000, 2000);
    const operator = sineFrames(440, 2000);
    // The renderer's frames come in bursts of two between ticks, then none: the FIFO evens them out.
    for (let i = 0; i < peer.length; i++) {
      if (i % 2 === 0) {
        rec.operator(operator[i]!);
        if (operator[i + 1]) rec.operator(operator[i + 1]!);
      }
      rec.peer(peer[i]!);
    }
    const result = await rec.finish();
    expect(result.durationMs).toBe(2000);
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(result.bytes).toBe(44 + 16000 * 4);
    const { fmt, channels } = readWav(file);
    expect(fmt).toMatchObject({ numChannels: 2, sampleRate: 8000, bitsPerSample: 16 });
    expect(Math.abs(dominantFrequency(channels[0]!) - 1000)).toBeLessThan(5);
    expect(Math.abs(dominantFrequency(channels[1]!) - 440)).toBeLessThan(5);
    // Finishing twice gives the same answer and does not touch the file again.
    expect(await rec.finish()).toEqual(result);
  });

  it('an operator who says nothing is silence on channel 2', async () => {
    const file = join(dir, 'listen.wav');
    const rec = startCallRecorder(file);
    for (const f of sineFrames(700, 600)) rec.peer(f);
    await rec.finish();
    const { channels } = readWav(file);
    expect(channels[1]!.every((v) => v === 0)).toBe(true);
    expect(channels[0]!.length).toBe(4800);
  });

  it('never overwrites an existing recording', () => {
    expect(() => startCallRecorder(join(dir, 'call.wav'))).toThrow(/EEXIST/);
  });

  it('a crash mid-call leaves a readable file up to the last half second; repairWav recovers a torn tail', () => {
    const file = join(dir, 'crash.wav');
    const rec = startCallRecorder(file);
    // 30 ticks: the first 25 were flushed with their header; the last 5 died with the process.
    for (const f of sineFrames(1000, 600)) rec.peer(f);
    const { channels } = readWav(file);
    expect(channels[0]!.length).toBe(25 * 160);
    // A crash between the data write and the header patch: bytes beyond the header's size.
    appendFileSync(file, Buffer.alloc(160 * 4 * 3 + 2));
    expect(repairWav(file)).toBe(28 * 20);
    expect(readWav(file).channels[0]!.length).toBe(28 * 160);
  });
});

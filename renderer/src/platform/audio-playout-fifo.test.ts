import { describe, expect, it } from 'vitest';
import { PlayoutFifo } from './audio-playout-fifo';

/** A 20 ms frame whose every sample is `v` (so the output tells which frame played). */
const frame = (v: number) => new Float32Array(160).fill(v);
const quantum = () => new Float32Array(128);

describe('playout FIFO', () => {
  it('stays silent until three frames are buffered, then plays them in order across quanta', () => {
    const fifo = new PlayoutFifo();
    const out = quantum();
    fifo.push(frame(0.1));
    fifo.push(frame(0.2));
    fifo.pull(out);
    expect(out.every((s) => s === 0)).toBe(true);
    fifo.push(frame(0.3));
    fifo.pull(out); // 128 samples of frame 1
    expect(out.every((s) => s === Math.fround(0.1))).toBe(true);
    fifo.pull(out); // 32 of frame 1, then 96 of frame 2
    expect(out[31]).toBe(Math.fround(0.1));
    expect(out[32]).toBe(Math.fround(0.2));
    expect(fifo.snapshot()).toEqual({ played: 2, underruns: 0, dropped: 0, depth: 1 });
  });

  it('keeps at most ten frames, dropping the oldest', () => {
    const fifo = new PlayoutFifo();
    for (let i = 1; i <= 13; i += 1) fifo.push(frame(i / 100));
    expect(fifo.snapshot()).toMatchObject({ dropped: 3, depth: 10 });
    const out = quantum();
    fifo.pull(out);
    expect(out[0]).toBe(Math.fround(0.04));
  });

  it('plays silence when it runs dry, counts one underrun, and primes again', () => {
    const fifo = new PlayoutFifo();
    for (let i = 0; i < 3; i += 1) fifo.push(frame(0.5));
    const out = quantum();
    // 3 frames = 480 samples = 3.75 quanta: the 4th quantum runs dry half-way.
    for (let i = 0; i < 3; i += 1) fifo.pull(out);
    fifo.pull(out);
    expect(out[95]).toBe(0.5);
    expect(out[96]).toBe(0);
    expect(fifo.snapshot()).toMatchObject({ played: 3, underruns: 1 });
    fifo.push(frame(0.7));
    fifo.pull(out);
    expect(out.every((s) => s === 0)).toBe(true); // waiting for a new prebuffer
    fifo.push(frame(0.7));
    fifo.push(frame(0.7));
    fifo.pull(out);
    expect(out[0]).toBe(Math.fround(0.7));
  });

  it('counts no underrun before the first frame ever played, and clear() starts afresh', () => {
    const fifo = new PlayoutFifo();
    const out = quantum();
    for (let i = 0; i < 10; i += 1) fifo.pull(out);
    expect(fifo.snapshot().underruns).toBe(0);
    for (let i = 0; i < 3; i += 1) fifo.push(frame(0.5));
    fifo.clear();
    fifo.pull(out);
    expect(out[0]).toBe(0);
    expect(fifo.snapshot()).toMatchObject({ depth: 0, underruns: 0 });
  });

  it('plays 50 frames a second paced like the network with no underrun and no drop', () => {
    const fifo = new PlayoutFifo();
    const out = quantum();
    // 3 s: the page pulls 62.5 quanta a second; frames arrive every 20 ms (1.25 quanta).
    let arrived = 0;
    for (let q = 0; q < 187; q += 1) {
      while (arrived < 150 && arrived * 1.25 <= q + 3) {
        fifo.push(frame(0.2));
        arrived += 1;
      }
      fifo.pull(out);
    }
    expect(fifo.snapshot()).toMatchObject({ underruns: 0, dropped: 0 });
  });
});

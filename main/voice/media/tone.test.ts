import { describe, expect, it } from 'vitest';
import { concatFrames, dominantFrequency, rmsLevel, sineFrames, toneLevel } from './tone';

describe('tone helpers', () => {
  it('makes phase-continuous 20 ms frames of a sine', () => {
    const frames = sineFrames(1000, 1000);
    expect(frames).toHaveLength(50);
    expect(frames.every((f) => f.length === 160)).toBe(true);
    const s = concatFrames(frames);
    expect(Math.max(...s)).toBeGreaterThan(16000);
    expect(Math.max(...s)).toBeLessThanOrEqual(16384);
  });

  it('measures the level of one frequency with Goertzel (half scale ≈ 0.5, another tone ≈ 0)', () => {
    const s = concatFrames(sineFrames(1000, 500));
    expect(toneLevel(s, 1000)).toBeCloseTo(0.5, 2);
    expect(toneLevel(s, 1500)).toBeLessThan(0.01);
    expect(toneLevel(new Int16Array(800), 1000)).toBe(0);
    expect(rmsLevel(s)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('finds the dominant frequency within a few hertz, in a mix and through A-law-like noise', () => {
    for (const hz of [300, 440, 697, 1000, 1633, 3000]) expect(Math.abs(dominantFrequency(concatFrames(sineFrames(hz, 400))) - hz)).toBeLessThanOrEqual(3);
    const a = concatFrames(sineFrames(700, 500, { amplitude: 0.4 }));
    const b = concatFrames(sineFrames(1200, 500, { amplitude: 0.1 }));
    const mix = a.map((v, i) => v + b[i]! + Math.round((Math.random() - 0.5) * 800));
    expect(Math.abs(dominantFrequency(mix) - 700)).toBeLessThanOrEqual(3);
    expect(dominantFrequency(new Int16Array(1600))).toBe(0);
  });

  it('takes float samples in [-1, 1] as they are', () => {
    const f = Float32Array.from(concatFrames(sineFrames(500, 200)), (v) => v / 32768);
    expect(toneLevel(f, 500)).toBeCloseTo(0.5, 2);
  });
});

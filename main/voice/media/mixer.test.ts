import { describe, expect, it } from 'vitest';
import { FrameFifo, mixBridge, mixFrames, scaleFrame } from './mixer';
import { sineFrames, toneLevel } from './tone';

const beacon = sineFrames(700, 20)[0]!;
const operator = sineFrames(1000, 20)[0]!;
const outside = sineFrames(1400, 20)[0]!;

describe('three-way bridge mixing', () => {
  it('sums and clamps to 16 bits, missing frames count as silence', () => {
    const loud = new Int16Array(160).fill(30000);
    expect(mixFrames([loud, loud])[0]).toBe(32767);
    expect(mixFrames([scaleFrame(loud, -1), scaleFrame(loud, -1)])[0]).toBe(-32768);
    expect(mixFrames([null, undefined]).every((v) => v === 0)).toBe(true);
    expect(mixFrames([Int16Array.of(1, 2), Int16Array.of(3)], 3)).toEqual(Int16Array.of(4, 2, 0));
  });

  it('the outside party hears beacon and operator; the operator hears both others; the beacon hears the operator only', () => {
    const out = mixBridge({ beacon, operator, outside });
    const heard = (f: Int16Array) => [700, 1000, 1400].filter((hz) => toneLevel(f, hz) > 0.2);
    expect(heard(out.toOutside)).toEqual([700, 1000]);
    expect(heard(out.toOperator)).toEqual([700, 1400]);
    expect(heard(out.toBeacon)).toEqual([1000]);
    expect(heard(mixBridge({ beacon, operator, outside }, { outsideToBeacon: true }).toBeacon)).toEqual([1000, 1400]);
    expect(heard(mixBridge({ beacon, operator: null, outside }).toOutside)).toEqual([700]);
  });

  it('a FIFO lines up frames from another clock: one per tick, oldest dropped past its depth', () => {
    const fifo = new FrameFifo(3);
    const frames = [1, 2, 3, 4, 5].map((v) => new Int16Array(160).fill(v));
    frames.forEach((f) => fifo.push(f));
    expect(fifo.dropped).toBe(2);
    expect([fifo.take()?.[0], fifo.take()?.[0], fifo.take()?.[0], fifo.take()]).toEqual([3, 4, 5, null]);
  });
});

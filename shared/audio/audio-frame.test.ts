import { describe, expect, it } from 'vitest';
import { AUDIO_FRAME, decodeAudioFrame, encodeAudioFrame, floatToInt16, int16ToFloat, peakLevel } from './audio-frame';

const ramp = () => Int16Array.from({ length: 160 }, (_, i) => (i - 80) * 400);

describe('audio frame codec', () => {
  it('lays a frame out as kind, three zero bytes, then 160 little-endian samples', () => {
    const bytes = encodeAudioFrame('capture', ramp());
    expect(bytes.byteLength).toBe(324);
    expect([...bytes.subarray(0, 4)]).toEqual([1, 0, 0, 0]);
    // sample 0 = -32000 = 0x8300 little-endian
    expect([...bytes.subarray(4, 6)]).toEqual([0x00, 0x83]);
    expect(encodeAudioFrame('playout', ramp())[0]).toBe(AUDIO_FRAME.playout);
  });

  it('reads back what it wrote, from any binary carrier', () => {
    const bytes = encodeAudioFrame('playout', ramp());
    for (const carrier of [bytes, bytes.buffer, new DataView(bytes.buffer), [bytes.subarray(0, 100), bytes.subarray(100)]]) {
      const out = decodeAudioFrame(carrier, 'playout');
      expect(out.ok && [...out.samples]).toEqual([...ramp()]);
    }
  });

  it('refuses text, a wrong size, the other kind and a dirty header, each with its reason', () => {
    const good = encodeAudioFrame('capture', ramp());
    const dirty = good.slice();
    dirty[2] = 7;
    expect(decodeAudioFrame('hello', 'capture')).toEqual({ ok: false, reason: 'not binary (text of 5 characters)' });
    expect(decodeAudioFrame(good.subarray(0, 300), 'capture')).toEqual({ ok: false, reason: '300 bytes, expected 324' });
    expect(decodeAudioFrame(good, 'playout')).toEqual({ ok: false, reason: 'kind 1, expected 2 (playout)' });
    expect(decodeAudioFrame(dirty, 'capture')).toEqual({ ok: false, reason: 'reserved header bytes are not zero' });
    expect(decodeAudioFrame(null, 'capture')).toEqual({ ok: false, reason: 'not binary (null)' });
  });

  it('refuses to encode a frame of the wrong length', () => {
    expect(() => encodeAudioFrame('capture', new Int16Array(159))).toThrow(RangeError);
  });

  it('converts floats to Int16 with clipping, and back within one step', () => {
    expect([...floatToInt16([0, 1, -1, 2, -2, 0.5])]).toEqual([0, 32767, -32768, 32767, -32768, 16384]);
    const back = int16ToFloat(Int16Array.from([32767, -32768, 16384]));
    expect(back[0]).toBe(1);
    expect(back[1]).toBe(-1);
    expect(back[2]).toBeCloseTo(0.5, 3);
    expect(peakLevel(Int16Array.from([0, -16384, 8000]))).toBeCloseTo(0.5, 3);
  });
});

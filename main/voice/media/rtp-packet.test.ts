import { describe, expect, it } from 'vitest';
import { dtmfDigit, dtmfEventCode, looksLikeRtcp, parseDtmfEvent, parseRtp, serialiseDtmfEvent, serialiseRtp } from './rtp-packet';

describe('RTP packets', () => {
  it('serialises and parses back a packet with the marker bit and 32-bit values', () => {
    const buf = serialiseRtp({ marker: true, payloadType: 8, sequence: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload: Uint8Array.of(1, 2, 3) });
    const r = parseRtp(buf);
    if (!r.ok) throw new Error(r.error);
    expect({ ...r.packet, payload: Array.from(r.packet.payload) }).toEqual({ marker: true, payloadType: 8, sequence: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, csrcs: [], payload: [1, 2, 3] });
  });

  it('skips CSRCs and a header extension, strips padding', () => {
    const header = [0xb2, 0x00, 0, 7, 0, 0, 0, 9, 0, 0, 0, 1]; // V=2 P=1 X=1 CC=2
    const csrcs = [0, 0, 0, 5, 0, 0, 0, 6];
    const ext = [0xbe, 0xde, 0, 1, 1, 2, 3, 4];
    const payload = [10, 11, 12];
    const padding = [0, 0, 3];
    const r = parseRtp(Uint8Array.from([...header, ...csrcs, ...ext, ...payload, ...padding]));
    expect(r.ok && r.packet.csrcs).toEqual([5, 6]);
    expect(r.ok && Array.from(r.packet.payload)).toEqual(payload);
  });

  it.each([
    [[], 'too short'],
    [[0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'RTP version 1, expected 2'],
    [[0x8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], '15 CSRC announced'],
    [[0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'header extension announced but missing'],
    [[0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 9], 'overruns'],
    [[0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], 'bad padding count 0'],
    [[0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9], 'bad padding count 9'],
  ])('garbage %j is an error (%s), never an exception', (bytes, message) => {
    const r = parseRtp(Uint8Array.from(bytes));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });

  it('tells RTCP (rtcp-mux) from RTP', () => {
    expect(looksLikeRtcp(Uint8Array.of(0x81, 200, 0, 6))).toBe(true);
    expect(looksLikeRtcp(serialiseRtp({ marker: true, payloadType: 8, sequence: 1, timestamp: 1, ssrc: 1, payload: new Uint8Array(1) }))).toBe(false);
  });
});

describe('RFC 4733 events', () => {
  it('maps digits to event codes and back', () => {
    expect(['0', '4', '7', '9', '*', '#', 'a', 'D'].map(dtmfEventCode)).toEqual([0, 4, 7, 9, 10, 11, 12, 15]);
    expect(dtmfEventCode('x')).toBeNull();
    expect(dtmfEventCode('12')).toBeNull();
    expect(dtmfDigit(11)).toBe('#');
    expect(dtmfDigit(16)).toBeNull();
  });

  it('round-trips an end event with volume and duration', () => {
    const bytes = serialiseDtmfEvent({ event: 0, end: true, volume: 10, duration: 1600 });
    expect(Array.from(bytes)).toEqual([0, 0x8a, 0x06, 0x40]);
    expect(parseDtmfEvent(bytes)).toEqual({ event: 0, end: true, volume: 10, duration: 1600 });
    expect(parseDtmfEvent(Uint8Array.of(1, 2))).toBeNull();
  });
});

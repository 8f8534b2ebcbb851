import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startPacedClock } from './paced-clock';
import { openRtpSession, RtpBindError, type DtmfReceived, type RtpSession } from './rtp-session';
import { answerOffer, buildOffer, negotiate } from './sdp';
import { concatFrames, dominantFrequency, sineFrames, toneLevel } from './tone';

// Two real sessions on loopback, negotiated through real SDP, exchanging real UDP packets.
const open: RtpSession[] = [];
const stoppers: Array<() => void> = [];
afterEach(async () => {
  stoppers.splice(0).forEach((stop) => stop());
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function session(): Promise<RtpSession> {
  const s = await openRtpSession({ bindHost: '127.0.0.1' });
  open.push(s);
  return s;
}

/** A and B with an offer from A answered by B, both started. */
async function connectedPair(offerCodecs?: (sdp: string) => string) {
  const a = await session();
  const b = await session();
  let offer = buildOffer({ address: a.local.address, port: a.local.port });
  if (offerCodecs) offer = offerCodecs(offer);
  const answer = answerOffer(offer, { address: b.local.address, port: b.local.port });
  const aMedia = negotiate(answer.sdp);
  a.start(aMedia, aMedia);
  b.start(answer.negotiated, answer.negotiated);
  return { a, b, aMedia, bMedia: answer.negotiated };
}

/** Sends frames at the 20 ms pace of a microphone. */
function sendPaced(s: RtpSession, frames: Int16Array[]): void {
  let i = 0;
  const clock = startPacedClock(20, () => {
    const f = frames[i++];
    if (f) s.sendFrame(f);
    else clock.stop();
  });
  stoppers.push(() => clock.stop());
}

/** Resolves with the first `count` audio frames B plays out. */
function collectAudio(s: RtpSession, count: number): Promise<Int16Array[]> {
  return new Promise((resolve) => {
    const got: Int16Array[] = [];
    const off = s.on('playout', (frame, info) => {
      if (info.kind !== 'audio') return;
      got.push(frame);
      if (got.length === count) {
        off();
        resolve(got);
      }
    });
  });
}

describe('RTP session on loopback', () => {
  it('a 1 kHz tone sent by one side is played out as 1 kHz by the other (PCMA)', async () => {
    const { a, b, aMedia } = await connectedPair();
    expect(aMedia.codec).toBe('PCMA');
    const heard = collectAudio(b, 40);
    sendPaced(a, sineFrames(1000, 1200));
    const signal = concatFrames(await heard);
    expect(dominantFrequency(signal)).toBeGreaterThan(990);
    expect(dominantFrequency(signal)).toBeLessThan(1010);
    expect(toneLevel(signal, 1000)).toBeGreaterThan(0.4);
    const st = b.stats();
    expect(st.packetsIn).toBeGreaterThanOrEqual(40);
    expect(st.malformed).toBe(0);
    expect(st.latched).toBe(true);
    expect(a.stats().packetsOut).toBeGreaterThanOrEqual(40);
  });

  it('works in PCMU when the offer has no PCMA', async () => {
    const { a, b, bMedia } = await connectedPair((sdp) => sdp.replace('RTP/AVP 8 0 101', 'RTP/AVP 0 101'));
    expect(bMedia.codec).toBe('PCMU');
    const heard = collectAudio(b, 30);
    sendPaced(a, sineFrames(440, 1000));
    expect(Math.abs(dominantFrequency(concatFrames(await heard)) - 440)).toBeLessThan(10);
  });

  it('DTMF digits round-trip as RFC 4733 events, once each, in order', async () => {
    const { a, b } = await connectedPair();
    const digits: DtmfReceived[] = [];
    const three = new Promise<void>((resolve) =>
      b.on('dtmf', (e) => {
        digits.push(e);
        if (digits.length === 3) resolve();
      }),
    );
    const results = await Promise.all([a.sendDtmf('7', 120), a.sendDtmf('4', 100), a.sendDtmf('0', 200)]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    await three;
    expect(digits.map((d) => d.digit)).toEqual(['7', '4', '0']);
    expect(a.stats().dtmfOut).toBe(3);
    expect(b.stats().dtmfIn).toBe(3);
  });

  it('refuses a DTMF it cannot send, with a reason', async () => {
    const { a } = await connectedPair((sdp) => sdp.replace('RTP/AVP 8 0 101', 'RTP/AVP 8 0'));
    expect(await a.sendDtmf('0')).toEqual({ ok: false, error: 'the peer did not negotiate telephone-event (RFC 4733)' });
    expect(await a.sendDtmf('x')).toEqual({ ok: false, error: '"x" is not a DTMF digit' });
  });

  it('counts and ignores garbage on the port, and keeps playing', async () => {
    const { a, b } = await connectedPair();
    const raw = dgram.createSocket('udp4');
    stoppers.push(() => raw.close());
    const garbage = [Buffer.from('hello'), Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), Buffer.from([0x8f, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0])];
    for (const g of garbage) raw.send(g, b.local.port, b.local.address);
    const heard = collectAudio(b, 20);
    sendPaced(a, sineFrames(1000, 800));
    await heard;
    expect(b.stats().malformed).toBe(3);
    // The garbage did not make B send anywhere else.
    expect(b.stats().remote).toEqual(a.local);
  });

  it('a port already in use is a clear RtpBindError, not an uncaught exception', async () => {
    const a = await session();
    const err = await openRtpSession({ bindHost: '127.0.0.1', bindPort: a.local.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RtpBindError);
    expect((err as Error).message).toBe(`RTP port 127.0.0.1:${a.local.port} cannot be opened: already in use`);
  });
});

import dgram from 'node:dgram';
import alawmulaw from 'alawmulaw';
import { afterEach, describe, expect, it } from 'vitest';
import { randomImpairment, startUdpImpairmentRelay } from '../testing/udp-impairment-relay';
import { startPacedClock } from './paced-clock';
import { serialiseRtp } from './rtp-packet';
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

  it('sends no audio to a peer that holds the call (sendonly in its SDP)', async () => {
    const { a } = await connectedPair();
    const peer = await rawPeer();
    a.start({ address: '127.0.0.1', port: peer.port }, { ...PCMA, direction: 'sendonly' });
    expect(a.sendFrame(new Int16Array(160))).toBe(false);
    expect(a.stats()).toMatchObject({ framesHeldForPeer: 1, packetsOut: 0 });
  });

  it('a port already in use is a clear RtpBindError, not an uncaught exception', async () => {
    const a = await session();
    const err = await openRtpSession({ bindHost: '127.0.0.1', bindPort: a.local.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RtpBindError);
    expect((err as Error).message).toBe(`RTP port 127.0.0.1:${a.local.port} cannot be opened: already in use`);
  });
});

/** A bare UDP socket speaking RTP by hand: what a gateway or SIPp's pcap player sends. */
async function rawPeer() {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const received: Buffer[] = [];
  socket.on('message', (m) => received.push(m));
  stoppers.push(() => socket.close());
  return { socket, port: socket.address().port, received };
}

/** Sends a tone as PCMA packets of `ptimeMs`, paced, with the given SSRC per packet index. */
function sendRawTone(socket: dgram.Socket, to: { address: string; port: number }, o: { hz: number; ptimeMs: number; packets: number; ssrcOf?: (i: number) => number; pt?: number }) {
  const per = o.ptimeMs * 8;
  const tone = concatFrames(sineFrames(o.hz, o.packets * o.ptimeMs, { frameSamples: per }));
  let i = 0;
  return new Promise<void>((resolve) => {
    const clock = startPacedClock(o.ptimeMs, () => {
      if (i >= o.packets) {
        clock.stop();
        resolve();
        return;
      }
      const payload = alawmulaw.alaw.encode(tone.subarray(i * per, (i + 1) * per));
      socket.send(serialiseRtp({ marker: i === 0, payloadType: o.pt ?? 8, sequence: 100 + i, timestamp: 5000 + i * per, ssrc: o.ssrcOf?.(i) ?? 42, payload }), to.port, to.address);
      i++;
    });
    stoppers.push(() => clock.stop());
  });
}

const PCMA = { codec: 'PCMA', payloadType: 8, dtmfPayloadType: 101 } as const;

describe('RTP session against hand-made and damaged streams', () => {
  it('accepts 30 ms packets (SIPp g711a.pcap) and plays them as 20 ms frames of the same tone', async () => {
    const b = await session();
    const peer = await rawPeer();
    b.start({ address: '127.0.0.1', port: peer.port }, PCMA);
    const heard = collectAudio(b, 45);
    void sendRawTone(peer.socket, b.local, { hz: 700, ptimeMs: 30, packets: 40 });
    const signal = concatFrames(await heard);
    expect(Math.abs(dominantFrequency(signal) - 700)).toBeLessThan(10);
    expect(b.stats()).toMatchObject({ lost: 0, malformed: 0 });
  });

  it('latches onto the port the peer really sends from, not the one in its SDP', async () => {
    const b = await session();
    const announced = await rawPeer();
    const actual = await rawPeer();
    b.start({ address: '127.0.0.1', port: announced.port }, PCMA);
    const latched = new Promise((resolve) => b.on('latched', resolve));
    void sendRawTone(actual.socket, b.local, { hz: 1000, ptimeMs: 20, packets: 5 });
    expect(await latched).toEqual({ address: '127.0.0.1', port: actual.port });
    const back = new Promise<void>((resolve) => actual.socket.once('message', () => resolve()));
    expect(b.sendFrame(new Int16Array(160))).toBe(true);
    await back;
    expect(actual.received).toHaveLength(1);
    expect(announced.received).toHaveLength(0);
  });

  it('a new SSRC resets the stream and its audio keeps playing', async () => {
    const b = await session();
    const peer = await rawPeer();
    b.start({ address: '127.0.0.1', port: peer.port }, PCMA);
    const heard = collectAudio(b, 45);
    await sendRawTone(peer.socket, b.local, { hz: 1000, ptimeMs: 20, packets: 50, ssrcOf: (i) => (i < 25 ? 1111 : 2222) });
    await heard;
    expect(b.stats()).toMatchObject({ resets: 1, lost: 0 });
  });

  it('counts comfort noise and unknown payload types without playing them', async () => {
    const b = await session();
    const peer = await rawPeer();
    b.start({ address: '127.0.0.1', port: peer.port }, PCMA);
    const to = b.local;
    peer.socket.send(serialiseRtp({ marker: false, payloadType: 13, sequence: 1, timestamp: 1, ssrc: 5, payload: Uint8Array.of(60) }), to.port, to.address);
    peer.socket.send(serialiseRtp({ marker: false, payloadType: 18, sequence: 2, timestamp: 1, ssrc: 5, payload: new Uint8Array(20) }), to.port, to.address);
    const heard = collectAudio(b, 10);
    await sendRawTone(peer.socket, to, { hz: 1000, ptimeMs: 20, packets: 15 });
    await heard;
    expect(b.stats()).toMatchObject({ comfortNoise: 1, unknownPayload: 1 });
  });

  it('through a lossy, re-ordering, duplicating relay: losses concealed, duplicates dropped, the tone intact', async () => {
    const a = await session();
    const b = await session();
    // Every 10th packet lost, every 7th sent twice, every 5th held back 30 ms (behind the next one).
    const relay = await startUdpImpairmentRelay({
      host: '127.0.0.1',
      target: b.local,
      toTarget: (i) => ({ drop: i % 10 === 9, copies: i % 7 === 6 ? 2 : 1, delayMs: i % 5 === 2 ? 30 : 0 }),
    });
    stoppers.push(() => void relay.close());
    a.start(relay.local, PCMA);
    b.start(a.local, PCMA);
    const frames: Int16Array[] = [];
    const done = new Promise<void>((resolve) =>
      b.on('playout', (f, info) => {
        if (info.kind === 'silence') return;
        frames.push(f);
        if (frames.length === 90) resolve();
      }),
    );
    sendPaced(a, sineFrames(1000, 2400));
    await done;
    const st = b.stats();
    expect(st.lost).toBeGreaterThanOrEqual(8);
    expect(st.duplicates).toBeGreaterThanOrEqual(10);
    expect(st.concealedFrames).toBeGreaterThanOrEqual(8);
    expect(st.remote).toEqual(relay.local);
    // Concealment repeats the last frame, so the tone stays the tone.
    expect(Math.abs(dominantFrequency(concatFrames(frames)) - 1000)).toBeLessThan(10);
  });

  it('under 20 % random loss and 0–60 ms jitter: every loss counted, the tone still the tone', async () => {
    const a = await session();
    const b = await session();
    const tone = sineFrames(1000, 3000);
    // Resolves once the relay has forwarded or dropped every packet.
    let settle = () => {};
    const allHandled = new Promise<void>((resolve) => (settle = resolve));
    const plan = randomImpairment({ lossRate: 0.2, jitterMs: 60, seed: 3 });
    const handled = () => relay.counts.toTarget.forwarded + relay.counts.toTarget.dropped === tone.length && settle();
    const relay = await startUdpImpairmentRelay({
      host: '127.0.0.1',
      target: b.local,
      toTarget: (i, p) => {
        const d = plan(i, p);
        if (d.drop) queueMicrotask(handled);
        return d;
      },
      onForward: handled,
    });
    stoppers.push(() => void relay.close());
    a.start(relay.local, PCMA);
    b.start(a.local, PCMA);
    const frames: Int16Array[] = [];
    b.on('playout', (f, info) => info.kind !== 'silence' && frames.push(f));
    sendPaced(a, tone);
    await allHandled;
    await new Promise<void>((resolve) => b.on('playout', (_f, info) => info.kind === 'silence' && resolve()));
    const st = b.stats();
    const dropped = relay.counts.toTarget.dropped;
    expect(dropped).toBeGreaterThan(20);
    // RFC 3550 loss cannot see losses after the last packet received.
    expect(st.lost).toBeLessThanOrEqual(dropped);
    expect(st.lost).toBeGreaterThanOrEqual(dropped - 5);
    expect(st.packetsIn).toBe(tone.length - dropped);
    expect(st.concealedFrames).toBeGreaterThanOrEqual(st.lost);
    expect(st.targetDepthMs).toBeGreaterThan(40);
    expect(Math.abs(dominantFrequency(concatFrames(frames)) - 1000)).toBeLessThan(10);
  });
});

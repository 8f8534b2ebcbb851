/**
 * The user agent against SIPp as a real peer on loopback: digest challenge checked by
 * SIPp's verifyauth, ringing, answer, the peer's A-law stream heard by our RTP session
 * (by frequency), BYE from the peer; busy; a callee that rings forever (our CANCEL).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import { openRtpSession, type RtpSession } from '../media/rtp-session';
import { buildOffer, negotiate } from '../media/sdp';
import { dominantFrequency, toneLevel } from '../media/tone';
import { countMessages, runSippVoice, stopAllSippVoice, tracedMessages } from '../testing/sipp-voice';
import { writeAlawTone } from '../testing/tone-files';
import { startSipUa } from './ua';
import type { CallEnd, SipUa } from './types';

const logger = silentLogger();
const PEER = '127.0.71.2';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  await stopAllSippVoice();
});

async function ua(): Promise<SipUa> {
  const u = await startSipUa({ host: '127.0.0.1', port: 0, user: 'console', logger });
  open.push(u);
  return u;
}

async function rtp(): Promise<RtpSession> {
  const r = await openRtpSession({ bindHost: '127.0.0.1', logger });
  open.push(r);
  return r;
}

const ended = (call: { onEnded(l: (e: CallEnd) => void): unknown }) => new Promise<CallEnd>((resolve) => call.onEnded(resolve));

describe('SIP UA against SIPp', () => {
  it('answers a digest challenge, hears the peer’s 1 kHz A-law stream, and ends on the peer’s BYE', async () => {
    const us = await ua();
    const media = await rtp();
    const peer = await runSippVoice(
      { scenario: 'uas-auth-stream.xml', host: PEER, vars: { NONCE: 'c0ffee42', USER: 'console', PASSWORD: 'secret', TALK_MS: 2000 } },
      (dir) => ({ ALAW: writeAlawTone(join(dir, 'tone.alaw'), 1000, 4000) }),
    );
    const heard: Int16Array[] = [];
    media.on('playout', (frame, info) => info.kind === 'audio' && heard.push(frame));
    const call = us.dial({ target: peer.uri('peer'), sdp: buildOffer({ address: '127.0.0.1', port: media.local.port }), auth: { user: 'console', password: 'secret' }, ringTimeoutMs: 20_000 });
    const rang = new Promise((resolve) => call.onRinging(resolve));
    const over = ended(call);

    const result = await call.result;
    expect(result.outcome).toBe('answered');
    await rang;
    if (result.outcome !== 'answered') return;
    const remote = negotiate(result.remoteSdp);
    expect(remote.codec).toBe('PCMA');
    media.start({ address: remote.address, port: remote.port }, remote);

    const end = await over;
    expect(end).toMatchObject({ outcome: 'answered', by: 'remote' });
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    // 2 s of stream at 20 ms: allow for the start-up and the jitter buffer's depth.
    expect(heard.length).toBeGreaterThan(50);
    const samples = Int16Array.from(heard.flatMap((f) => [...f]));
    expect(Math.abs(dominantFrequency(samples) - 1000)).toBeLessThan(15);
    expect(toneLevel(samples, 1000)).toBeGreaterThan(0.2);
    // Our INVITE went twice (unsigned, then signed); the 401 and the 200 OK were each ACKed.
    expect(countMessages(sipp.messages, 'received', /^INVITE /)).toBe(2);
    expect(countMessages(sipp.messages, 'received', /^ACK /)).toBeGreaterThanOrEqual(2);
    expect(countMessages(sipp.messages, 'sent', /^SIP\/2.0 200/)).toBe(1);
  });

  it('reports a wrong password as refused (SIPp’s verifyauth answers 403)', async () => {
    const us = await ua();
    const peer = await runSippVoice(
      { scenario: 'uas-auth-stream.xml', host: PEER, vars: { NONCE: 'c0ffee43', USER: 'console', PASSWORD: 'secret', TALK_MS: 100 } },
      (dir) => ({ ALAW: writeAlawTone(join(dir, 'tone.alaw'), 1000, 500) }),
    );
    const call = us.dial({ target: peer.uri(), sdp: buildOffer({ address: '127.0.0.1', port: 40000 }), auth: { user: 'console', password: 'wrong' } });
    expect(await call.result).toMatchObject({ outcome: 'refused', status: 403, reason: 'Bad Credentials' });
    expect((await peer.done).code).toBe(0);
  });

  it('answers a proxy’s 407 challenge with a correct Proxy-Authorization', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-proxy-auth.xml', host: PEER, vars: { NONCE: 'feed0407' } });
    const call = us.dial({ target: peer.uri(), sdp: offer(40010), auth: { user: 'console', password: 'secret' } });
    expect((await call.result).outcome).toBe('answered');
    expect(await ended(call)).toMatchObject({ by: 'remote' });
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    const signed = tracedMessages(sipp.messages).find((t) => t.direction === 'received' && /^Proxy-Authorization:/m.test(t.text));
    const header = /^Proxy-Authorization: Digest (.*)$/m.exec(signed?.text ?? '')?.[1] ?? '';
    const p = Object.fromEntries([...header.matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
    // SIPp's verifyauth reads Authorization only: the digest is checked here (RFC 2617, qop=auth).
    const ha1 = md5(`console:proxy.veille.test:secret`);
    const ha2 = md5(`INVITE:${p.uri}`);
    expect(p).toMatchObject({ username: 'console', realm: 'proxy.veille.test', nonce: 'feed0407', qop: 'auth' });
    expect(p.response).toBe(md5(`${ha1}:feed0407:${p.nc}:${p.cnonce}:auth:${ha2}`));
  });

  it('ACKs every 2xx, a retransmitted one too', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-double-ok.xml', host: PEER });
    const call = us.dial({ target: peer.uri(), sdp: offer(40012) });
    expect((await call.result).outcome).toBe('answered');
    const sipp = await peer.done;
    expect(sipp.code, `${sipp.errors}\n${sipp.messages}`).toBe(0);
    expect(await ended(call)).toMatchObject({ by: 'remote' });
    expect(countMessages(sipp.messages, 'sent', /^SIP\/2.0 200/)).toBe(2);
    expect(countMessages(sipp.messages, 'received', /^ACK /)).toBe(2);
  });

  it('reports busy (486)', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-busy.xml', host: PEER });
    const call = us.dial({ target: peer.uri(), sdp: offer(40002) });
    const end = ended(call);
    expect(await call.result).toMatchObject({ outcome: 'busy', status: 486, reason: 'Busy Here' });
    expect(await end).toMatchObject({ outcome: 'busy', by: 'remote' });
    expect((await peer.done).code).toBe(0);
  });

  it('cancels a call that rings past its timeout (CANCEL, then the 487 is ACKed)', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-ring-forever.xml', host: PEER });
    const call = us.dial({ target: peer.uri(), sdp: offer(40004), ringTimeoutMs: 1500 });
    await new Promise((resolve) => call.onRinging(resolve));
    expect(call.phase).toBe('ringing');
    expect(await call.result).toMatchObject({ outcome: 'no-answer', reason: 'no answer within 2 s' });
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    expect(countMessages(sipp.messages, 'received', /^CANCEL /)).toBe(1);
    expect(countMessages(sipp.messages, 'received', /^ACK /)).toBe(1);
  });

  it('ACKs and ends an answer that crosses its CANCEL', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-answer-after-cancel.xml', host: PEER });
    const call = us.dial({ target: peer.uri(), sdp: offer(40014), ringTimeoutMs: 1000 });
    expect(await call.result).toMatchObject({ outcome: 'no-answer' });
    const sipp = await peer.done;
    expect(sipp.code, `${sipp.errors}\n${sipp.messages}`).toBe(0);
    expect(countMessages(sipp.messages, 'received', /^ACK /)).toBe(1);
    expect(countMessages(sipp.messages, 'received', /^BYE /)).toBe(1);
    expect(call.phase).toBe('ended');
  });

  it('cancels on request while ringing', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-ring-forever.xml', host: PEER });
    const call = us.dial({ target: peer.uri(), sdp: offer(40006) });
    call.onRinging(() => call.cancel());
    expect(await ended(call)).toMatchObject({ outcome: 'cancelled', by: 'local' });
    expect((await peer.done).code).toBe(0);
  });

  it('hangs up an answered call with BYE', async () => {
    const us = await ua();
    const peer = await runSippVoice({ scenario: 'uas-answer-await-bye.xml', host: PEER });
    const call = us.dial({ target: peer.uri(), sdp: offer(40008) });
    const result = await call.result;
    expect(result.outcome).toBe('answered');
    if (result.outcome !== 'answered') return;
    expect(negotiate(result.remoteSdp).codec).toBe('PCMU');
    expect(await result.dialog.confirmed).toBe(true);
    await call.hangup();
    expect(await ended(call)).toMatchObject({ outcome: 'answered', by: 'local' });
    expect(result.dialog.state).toBe('ended');
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    expect(countMessages(sipp.messages, 'received', /^BYE /)).toBe(1);
  });
});

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const offer = (port: number) => buildOffer({ address: '127.0.0.1', port });

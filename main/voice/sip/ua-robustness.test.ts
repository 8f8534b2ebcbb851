/**
 * What must never take the console down: a SIP port that cannot be opened (reported as a
 * rejected start with a clear message) and whatever a peer sends (garbage, requests with
 * missing parts, out-of-dialog BYE/CANCEL, unknown methods, a handler that throws). Raw
 * UDP datagrams against the real UA; after each, the UA still answers.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import { startSipUa } from './ua';
import type { SipUa } from './types';

const logger = silentLogger();
const open: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function ua(): Promise<SipUa> {
  const u = await startSipUa({ host: '127.0.0.1', port: 0, user: 'console', logger });
  open.push(u);
  return u;
}

/** A raw UDP peer on 127.0.71.6 that sends text and waits for the answer carrying a Call-ID. */
async function rawPeer() {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.71.6', resolve));
  open.push({ close: () => new Promise<void>((r) => socket.close(() => r())) });
  const port = socket.address().port;
  const waiting = new Map<string, (text: string) => void>();
  socket.on('message', (buf) => {
    const text = buf.toString('latin1');
    const callId = /^Call-ID:\s*(\S+)/im.exec(text)?.[1];
    if (callId && !/^SIP\/2.0 1\d\d /.test(text)) waiting.get(callId)?.(text);
  });
  let n = 0;
  return {
    send(text: string, to: number) {
      socket.send(Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1'), to, '127.0.0.1');
    },
    /** A request built from a start line and extra lines; resolves with the final answer's status line. */
    request(to: number, startLine: string, extra: string[] = [], body = ''): Promise<string> {
      const callId = `raw-${++n}-${Date.now()}`;
      const answer = new Promise<string>((resolve) => waiting.set(callId, (t) => resolve(t.split('\r\n')[0] ?? '')));
      const method = startLine.split(' ')[0];
      const lines = [
        startLine,
        `Via: SIP/2.0/UDP 127.0.71.6:${port};branch=z9hG4bK${callId}`,
        `From: <sip:peer@127.0.71.6:${port}>;tag=p${n}`,
        ...(extra.some((l) => l.startsWith('To:')) ? [] : ['To: <sip:console@127.0.0.1>']),
        `Call-ID: ${callId}`,
        `CSeq: 1 ${method}`,
        `Contact: <sip:peer@127.0.71.6:${port}>`,
        'Max-Forwards: 70',
        ...extra,
        `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
        '',
        body,
      ];
      this.send(lines.join('\n'), to);
      return answer;
    },
  };
}

describe('SIP UA start-up', () => {
  it('rejects with a clear message when the port is taken', async () => {
    const squatter = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((r) => squatter.close(() => r())) });
    const port = squatter.address().port;
    await expect(startSipUa({ host: '127.0.0.1', port, user: 'console', logger })).rejects.toThrow(`SIP UDP port 127.0.0.1:${port} cannot be opened: already in use`);
  });

  it('rejects with a clear message for an address this machine does not have', async () => {
    await expect(startSipUa({ host: '192.0.2.10', port: 5099, user: 'console', logger })).rejects.toThrow('SIP UDP port 192.0.2.10:5099 cannot be opened: not an address of this machine');
  });

  it('refuses a user part that would break our Contact', async () => {
    await expect(startSipUa({ host: '127.0.0.1', port: 0, user: 'a b@c', logger })).rejects.toThrow('SIP user "a b@c"');
  });
});

describe('SIP UA facing bad or unexpected messages', () => {
  it('answers or ignores them and keeps working', async () => {
    const us = await ua();
    const peer = await rawPeer();
    const to = us.local.port;
    const target = `sip:console@127.0.0.1:${to}`;

    // Garbage and a request without Call-ID/CSeq: dropped by the parser, no crash.
    peer.send('\u0000\u00ff not sip at all', to);
    peer.send(`INVITE ${target} SIP/2.0\nVia: SIP/2.0/UDP 127.0.71.6:1;branch=z9hG4bKx\n\n`, to);
    // A response for no transaction of ours.
    peer.send('SIP/2.0 200 OK\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKnone\nFrom: <sip:a@b>;tag=1\nTo: <sip:c@d>;tag=2\nCall-ID: stray\nCSeq: 1 INVITE\nContent-Length: 0\n\n', to);

    expect(await peer.request(to, `BYE ${target} SIP/2.0`)).toBe('SIP/2.0 481 Call/Transaction Does Not Exist');
    expect(await peer.request(to, `CANCEL ${target} SIP/2.0`)).toBe('SIP/2.0 481 Call/Transaction Does Not Exist');
    expect(await peer.request(to, `MESSAGE ${target} SIP/2.0`, ['Content-Type: text/plain'], 'hello')).toBe('SIP/2.0 405 Method Not Allowed');
    // No handler yet: the console cannot take calls.
    expect(await peer.request(to, `INVITE ${target} SIP/2.0`, ['Content-Type: application/sdp'], 'v=0\n')).toBe('SIP/2.0 480 Temporarily Unavailable');

    us.onInvite(() => {
      throw new Error('a bug in the call manager');
    });
    expect(await peer.request(to, `INVITE ${target} SIP/2.0`, ['Content-Type: application/sdp'], 'v=0\nm=audio 4000 RTP/AVP 8\n')).toBe('SIP/2.0 500 Server Internal Error');
    // An INVITE without an offer: we do not do late offers.
    expect(await peer.request(to, `INVITE ${target} SIP/2.0`)).toBe('SIP/2.0 488 SDP Offer Required');
    // A BYE in a dialog we never had (a To tag of nobody).
    expect(await peer.request(to, `BYE ${target} SIP/2.0`, ['To: <sip:console@127.0.0.1>;tag=nobody'])).toBe('SIP/2.0 481 Call/Transaction Does Not Exist');

    // Still alive.
    expect(await peer.request(to, `OPTIONS ${target} SIP/2.0`)).toBe('SIP/2.0 200 OK');
  });

  it('reports a target that is not a SIP URI as a failed call, without throwing', async () => {
    const us = await ua();
    const call = us.dial({ target: 'tel:+33 2 40 00 00 00', sdp: 'v=0\r\n' });
    expect(await call.result).toEqual({ outcome: 'failed', status: null, reason: 'not a SIP URI: tel:+33 2 40 00 00 00' });
  });

  it('explains a target on its own SIP address instead of failing with a bare 404', async () => {
    const us = await ua();
    const call = us.dial({ target: 'sip:hub@127.0.0.1:5062', sdp: 'v=0\r\n' });
    expect(await call.result).toMatchObject({ outcome: 'failed', status: null, reason: expect.stringContaining("is on the console's own SIP address") });
  });
});

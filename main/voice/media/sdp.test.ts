import { describe, expect, it } from 'vitest';
import { answerOffer, buildOffer, negotiate, parseSdp, SdpError } from './sdp';

// Shapes seen from the test peers (PROTOCOLS.md §4): baresip offers more codecs and rtcp-mux,
// SIPp writes bare LF line ends and a session-level c= line.
const BARESIP_OFFER = [
  'v=0',
  'o=- 1652 3145 IN IP4 127.0.0.3',
  's=-',
  'c=IN IP4 127.0.0.3',
  't=0 0',
  'm=audio 10346 RTP/AVP 0 8 96',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:96 telephone-event/8000',
  'a=fmtp:96 0-15',
  'a=rtcp-mux',
  'a=sendrecv',
  'a=label:1',
  '',
].join('\r\n');

const SIPP_ANSWER = 'v=0\no=user1 53655765 2353687637 IN IP4 127.0.0.2\ns=-\nc=IN IP4 127.0.0.2\nt=0 0\nm=audio 6000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=ptime:30\n';

describe('SDP offer and answer', () => {
  it('offers PCMA, PCMU and telephone-event 101 at 20 ms, sendrecv, with CRLF line ends', () => {
    const sdp = buildOffer({ address: '127.0.0.1', port: 40000 });
    expect(sdp).toContain('m=audio 40000 RTP/AVP 8 0 101\r\n');
    expect(sdp).toContain('a=rtpmap:101 telephone-event/8000\r\n');
    expect(sdp).toContain('a=ptime:20\r\n');
    expect(sdp).toContain('a=sendrecv\r\n');
    expect(sdp).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(sdp.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    // Our own offer parses back to what we offered.
    expect(negotiate(sdp)).toEqual({ address: '127.0.0.1', port: 40000, codec: 'PCMA', payloadType: 8, dtmfPayloadType: 101, ptimeMs: 20, direction: 'sendrecv' });
  });

  it('answers an offer with PCMA first and keeps the peer’s telephone-event payload type', () => {
    const { sdp, negotiated } = answerOffer(BARESIP_OFFER, { address: '127.0.0.1', port: 41000 });
    expect(negotiated).toEqual({ address: '127.0.0.3', port: 10346, codec: 'PCMA', payloadType: 8, dtmfPayloadType: 96, ptimeMs: 20, direction: 'sendrecv' });
    expect(sdp).toContain('m=audio 41000 RTP/AVP 8 96\r\n');
    expect(sdp).toContain('a=rtpmap:96 telephone-event/8000\r\n');
    expect(sdp).not.toContain('rtcp-mux');
  });

  it('falls back to PCMU and mirrors the direction of a held call', () => {
    const offer = BARESIP_OFFER.replace('m=audio 10346 RTP/AVP 0 8 96', 'm=audio 10346 RTP/AVP 0 96').replace('a=sendrecv', 'a=sendonly');
    const { sdp, negotiated } = answerOffer(offer, { address: '127.0.0.1', port: 41000 });
    expect(negotiated.codec).toBe('PCMU');
    expect(negotiated.payloadType).toBe(0);
    expect(negotiated.direction).toBe('sendonly');
    expect(sdp).toContain('a=recvonly\r\n');
  });

  it('skips an SRTP audio line when a plain RTP one follows', () => {
    const sdp = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 8\r\nm=audio 5002 RTP/AVP 8\r\n';
    expect(negotiate(sdp).port).toBe(5002);
  });

  it('answers each offered m-line: video and SRTP audio refused with port 0, in their places', () => {
    const offer = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=video 5004 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\nm=audio 5000 RTP/SAVP 8\r\nm=audio 5002 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n';
    const { sdp } = answerOffer(offer, { address: '127.0.0.1', port: 41000 });
    expect(sdp.split('\r\n').filter((l) => l.startsWith('m='))).toEqual(['m=video 0 RTP/AVP 96', 'm=audio 0 RTP/SAVP 8', 'm=audio 41000 RTP/AVP 8 101']);
  });

  it('takes c=0.0.0.0 as a call on hold (inactive)', () => {
    expect(negotiate(SIPP_ANSWER.replace('c=IN IP4 127.0.0.2', 'c=IN IP4 0.0.0.0')).direction).toBe('inactive');
  });

  it('reads a bare-LF answer with a session-level address and a 30 ms ptime, without telephone-event', () => {
    expect(negotiate(SIPP_ANSWER)).toEqual({ address: '127.0.0.2', port: 6000, codec: 'PCMA', payloadType: 8, dtmfPayloadType: null, ptimeMs: 30, direction: 'sendrecv' });
  });

  it('prefers a media-level c= over the session one and takes static payload types without rtpmap', () => {
    const sdp = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=video 5000 RTP/AVP 96\r\nc=IN IP4 10.0.0.9\r\nm=audio 7078 RTP/AVP 0\r\nc=IN IP4 192.0.2.7/127\r\n';
    const parsed = parseSdp(sdp);
    expect(parsed.address).toBe('192.0.2.7');
    expect(parsed.payloads).toEqual([{ pt: 0, name: 'PCMU', clockRate: 8000 }]);
    expect(parsed.origin).toEqual({ sessionId: '1', version: '1' });
  });
});

describe('SDP errors are clear, never a crash', () => {
  const base = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n';
  it.each([
    ['', 'empty SDP body'],
    ['hello', 'not an SDP body'],
    [base + 'm=video 5000 RTP/AVP 96\r\n', 'no audio m-line'],
    [base + 'm=audio 0 RTP/AVP 8\r\n', 'refused (port 0)'],
    [base + 'm=audio 70000 RTP/AVP 8\r\n', 'bad port'],
    [base + 'm=audio abc RTP/AVP 8\r\n', 'bad port'],
    [base + 'm=audio 5000 RTP/SAVP 8\r\n', 'unsupported audio transport "RTP/SAVP" (expected RTP/AVP, no SRTP)'],
    [base + 'm=audio 5000 RTP/AVP 18 9\r\na=rtpmap:18 G729/8000\r\n', 'no common codec: we need PCMA or PCMU at 8000 Hz, the peer has G729'],
    ['v=0\r\ns=-\r\nt=0 0\r\nm=audio 5000 RTP/AVP 8\r\n', 'no connection address'],
  ])('%j → %s', (sdp, message) => {
    expect(() => negotiate(sdp)).toThrow(SdpError);
    expect(() => negotiate(sdp)).toThrow(message);
  });

  it('refuses to build an offer on a bad local port', () => {
    expect(() => buildOffer({ address: '127.0.0.1', port: 0 })).toThrow('not a valid port');
  });
});

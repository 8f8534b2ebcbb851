/**
 * SDP for one G.711 audio stream (RFC 4566 / RFC 3264 offer-answer), the subset the
 * beacons, their GSM gateways, SIPp and baresip use: one audio m-line, PCMA or PCMU,
 * RFC 4733 telephone-event, ptime, direction. We always offer `8 0 101` (European and GSM
 * gateways prefer A-law, PROTOCOLS.md §5.1) and send 20 ms packets; we receive any ptime.
 *
 * Bad SDP never crashes a call set-up: every parse problem is an `SdpError` with a message
 * an operator's log can explain (no audio line, no common codec, bad port).
 */
import { randomInt } from 'node:crypto';

export type G711Codec = 'PCMA' | 'PCMU';
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** What both ends agreed, seen from our side: where we send, how we encode. */
export interface NegotiatedMedia {
  /** The peer's media address and port from its SDP (RTP latching may correct them later). */
  address: string;
  port: number;
  codec: G711Codec;
  payloadType: number;
  /** The peer's telephone-event payload type, or null: then no RFC 4733 DTMF can be sent. */
  dtmfPayloadType: number | null;
  /** The packet time the peer asked for (a=ptime, default 20). We send 20 ms regardless. */
  ptimeMs: number;
  /** The peer's direction attribute (hold shows as sendonly or inactive). */
  direction: MediaDirection;
}

export interface SdpPayload {
  pt: number;
  /** Encoding name upper-cased (PCMA, PCMU, TELEPHONE-EVENT, CN, …); '' when unknown. */
  name: string;
  clockRate: number;
}

/** One parsed SDP, reduced to its first usable audio stream. */
export interface ParsedAudioSdp {
  address: string;
  port: number;
  payloads: SdpPayload[];
  ptimeMs: number | null;
  direction: MediaDirection;
  /** Session id and version from the o= line (re-offers bump the version). */
  origin: { sessionId: string; version: string } | null;
  /** Every m-line in order (an answer has one line per offered line, RFC 3264 §6). */
  mediaLines: { media: string; transport: string; firstFormat: string }[];
  /** Which of them is the audio stream used. */
  audioIndex: number;
}

export class SdpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdpError';
  }
}

/** RFC 3551 static payload types we understand without an rtpmap. */
const STATIC_PAYLOADS: Record<number, { name: string; clockRate: number }> = {
  0: { name: 'PCMU', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
};

export const PCMA_PT = 8;
export const PCMU_PT = 0;
export const DEFAULT_DTMF_PT = 101;
export const SEND_PTIME_MS = 20;

export interface SdpLocal {
  /** The address the peer must send RTP to (our bind address or public address). */
  address: string;
  port: number;
  direction?: MediaDirection;
  /** o= session id; random when absent. Keep it for a re-offer and bump `version`. */
  sessionId?: string;
  version?: number;
}

function ipFamily(address: string): 'IP4' | 'IP6' {
  return address.includes(':') ? 'IP6' : 'IP4';
}

function sessionLines(local: SdpLocal): string[] {
  const sessionId = local.sessionId ?? String(randomInt(1, 2 ** 47));
  const fam = ipFamily(local.address);
  return ['v=0', `o=veille ${sessionId} ${local.version ?? 1} IN ${fam} ${local.address}`, 's=Veille', `c=IN ${fam} ${local.address}`, 't=0 0'];
}

function checkLocal(local: SdpLocal): void {
  if (!Number.isInteger(local.port) || local.port < 1 || local.port > 65535) throw new SdpError(`our RTP port ${local.port} is not a valid port`);
  if (!local.address) throw new SdpError('our media address is empty');
}

/** Our offer: PCMA, PCMU and telephone-event 101 (events 0-16), 20 ms, sendrecv unless told. */
export function buildOffer(local: SdpLocal): string {
  checkLocal(local);
  return [
    ...sessionLines(local),
    `m=audio ${local.port} RTP/AVP ${PCMA_PT} ${PCMU_PT} ${DEFAULT_DTMF_PT}`,
    `a=rtpmap:${PCMA_PT} PCMA/8000`,
    `a=rtpmap:${PCMU_PT} PCMU/8000`,
    `a=rtpmap:${DEFAULT_DTMF_PT} telephone-event/8000`,
    `a=fmtp:${DEFAULT_DTMF_PT} 0-16`,
    `a=ptime:${SEND_PTIME_MS}`,
    `a=${local.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

interface AudioSection {
  index: number;
  port: number;
  pts: number[];
  address: string | null;
  rtpmap: Map<number, SdpPayload>;
  ptime: number | null;
  direction: MediaDirection | null;
}

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
const MIRROR: Record<MediaDirection, MediaDirection> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/**
 * Parses an SDP body (CRLF or bare LF) down to its first audio stream with a non-zero port.
 * c= may sit at session level or media level (media wins); a=rtcp-mux and a=rtcp are ignored.
 */
export function parseSdp(sdp: string): ParsedAudioSdp {
  if (typeof sdp !== 'string' || !sdp.trim()) throw new SdpError('empty SDP body');
  const lines = sdp.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  if (!lines[0]?.startsWith('v=')) throw new SdpError('not an SDP body (no v= line first)');

  let sessionAddress: string | null = null;
  let sessionDirection: MediaDirection = 'sendrecv';
  let origin: ParsedAudioSdp['origin'] = null;
  const mediaLines: ParsedAudioSdp['mediaLines'] = [];
  // The audio stream being read (null while in the session part or another media section).
  let audio: AudioSection | null = null;
  let chosen: AudioSection | null = null;
  let sawAudio = false;
  let unsupportedTransport: string | null = null;
  let inMedia = false;

  const finishSection = () => {
    if (audio && !chosen && audio.port !== 0) chosen = audio;
    audio = null;
  };

  for (const line of lines) {
    const type = line[0];
    const value = line.slice(2);
    if (line[1] !== '=') continue;
    if (type === 'm') {
      finishSection();
      inMedia = true;
      const parts = value.split(/\s+/);
      mediaLines.push({ media: parts[0] ?? 'audio', transport: parts[2] ?? 'RTP/AVP', firstFormat: parts[3] ?? '0' });
      if (parts[0] !== 'audio') continue;
      sawAudio = true;
      const port = Number(parts[1]?.split('/')[0]);
      if (!/^\d+(\/\d+)?$/.test(parts[1] ?? '') || !Number.isInteger(port) || port < 0 || port > 65535) {
        throw new SdpError(`bad port in the audio m-line: "${line}"`);
      }
      // SRTP (RTP/SAVP) or DTLS (UDP/TLS/…) would be noise to us: skip such a line, and say so if no other is usable.
      if (parts[2] !== 'RTP/AVP' && parts[2] !== 'RTP/AVPF') {
        unsupportedTransport ??= parts[2] ?? '';
        continue;
      }
      const pts = parts.slice(3).map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n <= 127);
      audio = { index: mediaLines.length - 1, port, pts, address: null, rtpmap: new Map(), ptime: null, direction: null };
    } else if (type === 'o' && !inMedia) {
      const parts = value.split(/\s+/);
      if (parts.length >= 3) origin = { sessionId: parts[1]!, version: parts[2]! };
    } else if (type === 'c') {
      const parts = value.split(/\s+/);
      const address = parts[2]?.split('/')[0];
      if (parts[0] !== 'IN' || !address) throw new SdpError(`bad connection line: "${line}"`);
      if (!inMedia) sessionAddress = address;
      else if (audio) audio.address = address;
    } else if (type === 'a') {
      const colon = value.indexOf(':');
      const name = colon < 0 ? value : value.slice(0, colon);
      const rest = colon < 0 ? '' : value.slice(colon + 1).trim();
      if (DIRECTIONS.includes(name as MediaDirection)) {
        if (!inMedia) sessionDirection = name as MediaDirection;
        else if (audio) audio.direction = name as MediaDirection;
      } else if (!audio) {
        continue;
      } else if (name === 'rtpmap') {
        const m = /^(\d+)\s+([^/\s]+)\/(\d+)/.exec(rest);
        if (m) audio.rtpmap.set(Number(m[1]), { pt: Number(m[1]), name: m[2]!.toUpperCase(), clockRate: Number(m[3]) });
      } else if (name === 'ptime') {
        const ptime = Number(rest);
        if (Number.isFinite(ptime) && ptime > 0 && ptime <= 200) audio.ptime = ptime;
      }
    }
  }
  finishSection();

  if (!sawAudio) throw new SdpError('no audio m-line in the SDP');
  const stream = chosen as AudioSection | null;
  if (!stream && unsupportedTransport !== null) throw new SdpError(`unsupported audio transport "${unsupportedTransport}" (expected RTP/AVP, no SRTP)`);
  if (!stream) throw new SdpError('the audio stream is refused (port 0)');
  const address = stream.address ?? sessionAddress;
  if (!address) throw new SdpError('no connection address (c=) for the audio stream');
  const payloads = stream.pts.map((pt) => stream.rtpmap.get(pt) ?? { pt, name: STATIC_PAYLOADS[pt]?.name ?? '', clockRate: STATIC_PAYLOADS[pt]?.clockRate ?? 8000 });
  return { address, port: stream.port, payloads, ptimeMs: stream.ptime, direction: stream.direction ?? sessionDirection, origin, mediaLines, audioIndex: stream.index };
}

function pickCodec(payloads: SdpPayload[]): SdpPayload | null {
  for (const want of ['PCMA', 'PCMU'] as const) {
    const p = payloads.find((x) => x.name === want && x.clockRate === 8000);
    if (p) return p;
  }
  return null;
}

function dtmfOf(payloads: SdpPayload[]): number | null {
  return payloads.find((x) => x.name === 'TELEPHONE-EVENT' && x.clockRate === 8000)?.pt ?? null;
}

/** Reads the peer's SDP (an answer to our offer, or an offer) into what we send with. */
export function negotiate(peerSdp: string): NegotiatedMedia {
  return negotiateParsed(parseSdp(peerSdp));
}

function negotiateParsed(parsed: ParsedAudioSdp): NegotiatedMedia {
  const codec = pickCodec(parsed.payloads);
  if (!codec) {
    const offered = parsed.payloads.map((p) => p.name || String(p.pt)).join(', ') || 'none';
    throw new SdpError(`no common codec: we need PCMA or PCMU at 8000 Hz, the peer has ${offered}`);
  }
  if (parsed.port === 0) throw new SdpError('the audio stream is refused (port 0)');
  return {
    address: parsed.address,
    port: parsed.port,
    codec: codec.name as G711Codec,
    payloadType: codec.pt,
    dtmfPayloadType: dtmfOf(parsed.payloads),
    ptimeMs: parsed.ptimeMs ?? SEND_PTIME_MS,
    // c=0.0.0.0 is the old (RFC 2543) way of putting a call on hold.
    direction: parsed.address === '0.0.0.0' ? 'inactive' : parsed.direction,
  };
}

/** Alias that reads better at the UAC side: the 200 OK's SDP answering our offer. */
export const parseAnswer = negotiate;

/**
 * Answers a peer's offer (an incoming INVITE): PCMA first, then PCMU, keeping the peer's
 * telephone-event payload type; direction mirrored unless `local.direction` is given.
 */
export function answerOffer(offerSdp: string, local: SdpLocal): { sdp: string; negotiated: NegotiatedMedia } {
  checkLocal(local);
  const parsed = parseSdp(offerSdp);
  const negotiated = negotiateParsed(parsed);
  const pts = [negotiated.payloadType, ...(negotiated.dtmfPayloadType === null ? [] : [negotiated.dtmfPayloadType])];
  const lines = [...sessionLines(local)];
  parsed.mediaLines.forEach((m, i) => {
    // Every other offered stream (video, a second audio, SRTP) is refused with port 0.
    if (i !== parsed.audioIndex) return lines.push(`m=${m.media} 0 ${m.transport} ${m.firstFormat}`);
    lines.push(`m=audio ${local.port} RTP/AVP ${pts.join(' ')}`, `a=rtpmap:${negotiated.payloadType} ${negotiated.codec}/8000`);
    if (negotiated.dtmfPayloadType !== null) {
      lines.push(`a=rtpmap:${negotiated.dtmfPayloadType} telephone-event/8000`, `a=fmtp:${negotiated.dtmfPayloadType} 0-16`);
    }
    lines.push(`a=ptime:${SEND_PTIME_MS}`, `a=${local.direction ?? MIRROR[negotiated.direction]}`);
  });
  lines.push('');
  return { sdp: lines.join('\r\n'), negotiated };
}

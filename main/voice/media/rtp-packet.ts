/**
 * RTP packets (RFC 3550 §5.1) and RFC 4733 telephone-event payloads. Parsing never throws:
 * a UDP port receives whatever anyone sends, so garbage comes back as `{ ok: false, error }`
 * for the session to count and ignore.
 */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  /** 16-bit sequence number. */
  sequence: number;
  /** 32-bit timestamp (unsigned). */
  timestamp: number;
  /** 32-bit SSRC (unsigned). */
  ssrc: number;
  csrcs: number[];
  /** The payload without padding (a view into the received buffer). */
  payload: Uint8Array;
}

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; error: string };

export const RTP_HEADER_BYTES = 12;

/** RTCP shares the port under rtcp-mux; RFC 5761 §4: second byte 192–223 is RTCP. */
export function looksLikeRtcp(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[1]! >= 192 && buf[1]! <= 223 && buf[0]! >> 6 === 2;
}

export function parseRtp(buf: Uint8Array): RtpParseResult {
  if (buf.length < RTP_HEADER_BYTES) return { ok: false, error: `too short for RTP (${buf.length} bytes)` };
  const b0 = buf[0]!;
  const version = b0 >> 6;
  if (version !== 2) return { ok: false, error: `RTP version ${version}, expected 2` };
  const padding = (b0 & 0x20) !== 0;
  const extension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let offset = RTP_HEADER_BYTES + csrcCount * 4;
  if (buf.length < offset) return { ok: false, error: `${csrcCount} CSRC announced but the packet has ${buf.length} bytes` };
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(view.getUint32(RTP_HEADER_BYTES + i * 4));
  if (extension) {
    if (buf.length < offset + 4) return { ok: false, error: 'header extension announced but missing' };
    const words = view.getUint16(offset + 2);
    offset += 4 + words * 4;
    if (buf.length < offset) return { ok: false, error: `header extension of ${words} words overruns the packet` };
  }
  let end = buf.length;
  if (padding) {
    const pad = buf[buf.length - 1]!;
    if (pad === 0 || pad > buf.length - offset) return { ok: false, error: `bad padding count ${pad}` };
    end -= pad;
  }
  return {
    ok: true,
    packet: {
      marker: (buf[1]! & 0x80) !== 0,
      payloadType: buf[1]! & 0x7f,
      sequence: view.getUint16(2),
      timestamp: view.getUint32(4),
      ssrc: view.getUint32(8),
      csrcs,
      payload: buf.subarray(offset, end),
    },
  };
}

export interface RtpOut {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

/** A plain RTP packet: no CSRC, no extension, no padding. */
export function serialiseRtp(p: RtpOut): Buffer {
  const buf = Buffer.allocUnsafe(RTP_HEADER_BYTES + p.payload.length);
  buf[0] = 0x80;
  buf[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  buf.writeUInt16BE(p.sequence & 0xffff, 2);
  buf.writeUInt32BE(p.timestamp >>> 0, 4);
  buf.writeUInt32BE(p.ssrc >>> 0, 8);
  buf.set(p.payload, RTP_HEADER_BYTES);
  return buf;
}

// ── RFC 4733 telephone-event ────────────────────────────────────────────────

export interface DtmfEvent {
  /** 0–9, 10 = '*', 11 = '#', 12–15 = A–D, 16 = flash. */
  event: number;
  end: boolean;
  /** Power level in -dBm0, 0–63. */
  volume: number;
  /** Duration so far, in timestamp units (samples at 8 kHz). */
  duration: number;
}

const DIGITS = '0123456789*#ABCD';

/** '0'…'9', '*', '#', 'A'…'D' → RFC 4733 event code; null for anything else. */
export function dtmfEventCode(digit: string): number | null {
  if (digit.length !== 1) return null;
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i < 0 ? null : i;
}

export function dtmfDigit(event: number): string | null {
  return DIGITS[event] ?? null;
}

export function parseDtmfEvent(payload: Uint8Array): DtmfEvent | null {
  if (payload.length < 4) return null;
  return { event: payload[0]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function serialiseDtmfEvent(e: DtmfEvent): Uint8Array {
  const duration = Math.min(0xffff, Math.max(0, Math.round(e.duration)));
  return Uint8Array.of(e.event & 0xff, (e.end ? 0x80 : 0) | (e.volume & 0x3f), duration >> 8, duration & 0xff);
}

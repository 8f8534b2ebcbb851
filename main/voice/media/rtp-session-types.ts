/** The RTP session's interface, events and statistics (the implementation is rtp-session.ts). */
import type { Logger } from 'pino';
import type { FrameKind, JitterBufferOptions } from './jitter-buffer';
import type { NegotiatedMedia } from './sdp';

export interface RtpEndpoint {
  address: string;
  port: number;
}

export type RtpMedia = Pick<NegotiatedMedia, 'codec' | 'payloadType' | 'dtmfPayloadType'> & Partial<Pick<NegotiatedMedia, 'ptimeMs' | 'direction'>>;

export interface RtpSessionOptions {
  /** Explicit bind address (never 0.0.0.0 by default). */
  bindHost: string;
  /** 0 or absent: a free port chosen by the system. */
  bindPort?: number;
  logger?: Logger;
  jitter?: JitterBufferOptions;
}

export interface PlayoutInfo {
  kind: FrameKind;
  /** RTP timestamp of the frame's first sample (null for silence outside a stream). */
  timestamp: number | null;
  /** When the tick was due, on the monotonic clock (ms). */
  dueMs: number;
}

export interface DtmfReceived {
  digit: string;
  event: number;
  /** RTP timestamp identifying the event (its updates and end share it). */
  timestamp: number;
}

export interface RtpSessionEvents {
  playout: (frame: Int16Array, info: PlayoutInfo) => void;
  dtmf: (event: DtmfReceived) => void;
  latched: (remote: RtpEndpoint) => void;
}

export interface RtpSessionStats {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  lost: number;
  late: number;
  duplicates: number;
  jitterMs: number;
  bufferDepthMs: number;
  targetDepthMs: number;
  playedFrames: number;
  concealedFrames: number;
  idleFrames: number;
  droppedFrames: number;
  resets: number;
  malformed: number;
  rtcpIn: number;
  unknownPayload: number;
  comfortNoise: number;
  dtmfIn: number;
  dtmfOut: number;
  /** Microphone frames not sent because a DTMF event was being sent. */
  framesHeldForDtmf: number;
  /** Microphone frames not sent because the peer holds the call (its SDP: sendonly, inactive, c=0.0.0.0). */
  framesHeldForPeer: number;
  sendErrors: number;
  playoutLateTicks: number;
  remote: RtpEndpoint | null;
  latched: boolean;
}

export type DtmfSendResult = { ok: true } | { ok: false; error: string };

export interface RtpSession {
  readonly local: RtpEndpoint;
  /** Starts (or, on a re-INVITE, updates) the stream: sending, receiving and the playout clock. */
  start(remote: RtpEndpoint, media?: RtpMedia): void;
  /** One microphone frame (160 samples = 20 ms at 8 kHz); false when not sent. */
  sendFrame(frame: Int16Array): boolean;
  /** RFC 4733 event; resolves once the end packets are sent. Never rejects. */
  sendDtmf(digit: string, durationMs?: number): Promise<DtmfSendResult>;
  on<K extends keyof RtpSessionEvents>(event: K, listener: RtpSessionEvents[K]): () => void;
  stats(): RtpSessionStats;
  close(): Promise<void>;
}

/** The RTP port could not be opened: said plainly, with the address and the cause. */
export class RtpBindError extends Error {
  constructor(
    readonly address: string,
    readonly port: number,
    readonly code: string,
  ) {
    const why = code === 'EADDRINUSE' ? 'already in use' : code === 'EACCES' ? 'not allowed' : code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : code;
    super(`RTP port ${address}:${port} cannot be opened: ${why}`);
    this.name = 'RtpBindError';
  }
}

/**
 * One RTP audio stream with one peer (RFC 3550/3551, G.711, RFC 4733 DTMF), on one UDP
 * socket: symmetric RTP (we send from the port we receive on, which NATs and SBCs latch
 * onto) and latching on our side too: the peer's real source address and port win over
 * its SDP (baresip announces one address and sends from another, PROTOCOLS.md §4.3).
 *
 * Sending is paced by the caller (the operator's microphone frames, 20 ms each). Receiving
 * goes into an adaptive jitter buffer; our own 20 ms playout clock pulls a frame from it on
 * every tick and hands it to 'playout' listeners, silence included, so the operator's
 * playout and the call recording run on one steady clock.
 */
import dgram from 'node:dgram';
import alawmulaw from 'alawmulaw';
import pino, { type Logger } from 'pino';
import { JitterBuffer } from './jitter-buffer';
import { monotonicMs, startPacedClock, type PacedClock } from './paced-clock';
import { dtmfDigit, dtmfEventCode, looksLikeRtcp, parseDtmfEvent, parseRtp, serialiseDtmfEvent, serialiseRtp } from './rtp-packet';
import type { G711Codec, NegotiatedMedia } from './sdp';
import { RtpBindError, type DtmfSendResult, type PlayoutInfo, type RtpEndpoint, type RtpMedia, type RtpSession, type RtpSessionEvents, type RtpSessionOptions, type RtpSessionStats } from './rtp-session-types';

export * from './rtp-session-types';

const { alaw, mulaw } = alawmulaw;

export const FRAME_MS = 20;
const SAMPLES_PER_MS = 8;
const CN_PT = 13;
/** A pause in the microphone frames longer than this starts a new talkspurt (marker bit). */
const TALKSPURT_GAP_MS = 100;
const DTMF_UPDATE_MS = 50;
const DTMF_VOLUME = 10;

const randomUint32 = () => (Math.random() * 2 ** 32) >>> 0;

function encode(codec: G711Codec, frame: Int16Array): Uint8Array {
  return codec === 'PCMA' ? alaw.encode(frame) : mulaw.encode(frame);
}

/** Opens the UDP socket; rejects with an RtpBindError (never an uncaught 'error' event). */
export async function openRtpSession(options: RtpSessionOptions): Promise<RtpSession> {
  const socket = dgram.createSocket(options.bindHost.includes(':') ? 'udp6' : 'udp4');
  const port = options.bindPort ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, options.bindHost, () => {
        socket.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    socket.close();
    throw new RtpBindError(options.bindHost, port, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  return new UdpRtpSession(socket, options);
}

class UdpRtpSession implements RtpSession {
  readonly local: RtpEndpoint;
  private readonly log: Logger;
  private readonly buffer: JitterBuffer;
  private readonly listeners: { [K in keyof RtpSessionEvents]: Set<RtpSessionEvents[K]> } = { playout: new Set(), dtmf: new Set(), latched: new Set() };
  private media: RtpMedia | null = null;
  private remote: RtpEndpoint | null = null;
  private latched = false;
  private lastFromRemoteMs = 0;
  private clock: PacedClock | null = null;
  private closed = false;
  // Sending state (random starts, RFC 3550 §5.1)
  private readonly ssrc = randomUint32();
  private seq = randomUint32() & 0xffff;
  private nextTs = randomUint32();
  private lastSendMs: number | null = null;
  private needMarker = true;
  private dtmfBusy = false;
  private dtmfQueue: Promise<unknown> = Promise.resolve();
  private lastDtmfInTs: number | null = null;
  private loggedMalformed = 0;
  private readonly n = {
    packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, malformed: 0, rtcpIn: 0, unknownPayload: 0, comfortNoise: 0,
    dtmfIn: 0, dtmfOut: 0, framesHeldForDtmf: 0, framesHeldForPeer: 0, sendErrors: 0,
  };

  constructor(
    private readonly socket: dgram.Socket,
    options: RtpSessionOptions,
  ) {
    const addr = socket.address();
    this.local = { address: addr.address, port: addr.port };
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ rtp: `${addr.address}:${addr.port}` });
    this.buffer = new JitterBuffer(options.jitter);
    socket.on('message', (msg, rinfo) => this.receive(msg, rinfo));
    // After bind, socket errors (ICMP, a send to a bad address) are logged, never thrown.
    socket.on('error', (err) => this.log.warn({ err }, 'RTP socket error'));
  }

  start(remote: RtpEndpoint, media?: RtpMedia): void {
    if (this.closed) return;
    const m = media ?? (remote as Partial<NegotiatedMedia>);
    if (!m.codec || m.payloadType === undefined) {
      this.log.error({ remote }, 'RTP start without a negotiated codec: ignored');
      return;
    }
    this.media = { codec: m.codec, payloadType: m.payloadType, dtmfPayloadType: m.dtmfPayloadType ?? null, ptimeMs: m.ptimeMs, direction: m.direction ?? 'sendrecv' };
    this.remote = { address: remote.address, port: remote.port };
    this.latched = false;
    this.log.info({ remote: this.remote, codec: m.codec, pt: m.payloadType, dtmfPt: m.dtmfPayloadType ?? null }, 'RTP stream started');
    this.clock ??= startPacedClock(FRAME_MS, (dueMs) => this.playout(dueMs));
  }

  sendFrame(frame: Int16Array): boolean {
    if (!this.media || !this.remote || this.closed || frame.length === 0) return false;
    if (this.dtmfBusy) {
      this.n.framesHeldForDtmf++;
      return false;
    }
    // A peer that only sends (or holds) must not be sent audio (RFC 3264 §6.1).
    if (this.media.direction === 'sendonly' || this.media.direction === 'inactive') {
      this.n.framesHeldForPeer++;
      return false;
    }
    this.followPause();
    const payload = encode(this.media.codec, frame);
    this.sendPacket(this.media.payloadType, this.needMarker, this.nextTs, payload);
    this.needMarker = false;
    this.nextTs += frame.length;
    return true;
  }

  sendDtmf(digit: string, durationMs = 200): Promise<DtmfSendResult> {
    const event = dtmfEventCode(digit);
    const fail = (error: string): Promise<DtmfSendResult> => {
      this.log.warn({ digit }, `DTMF not sent: ${error}`);
      return Promise.resolve({ ok: false, error });
    };
    if (event === null) return fail(`"${digit}" is not a DTMF digit`);
    if (this.closed) return fail('the RTP session is closed');
    if (!this.media || !this.remote) return fail('the RTP stream is not started');
    const pt = this.media.dtmfPayloadType;
    if (pt === null) return fail('the peer did not negotiate telephone-event (RFC 4733)');
    // One event at a time, in order: a queued "0" (clear down) never overlaps a "7".
    const run = this.dtmfQueue.then(() => this.runDtmf(event, pt, Math.max(40, Math.min(5000, durationMs))));
    this.dtmfQueue = run;
    return run;
  }

  on<K extends keyof RtpSessionEvents>(event: K, listener: RtpSessionEvents[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  stats(): RtpSessionStats {
    const b = this.buffer.stats();
    return {
      ...this.n,
      lost: b.lost,
      late: b.late,
      duplicates: b.duplicates,
      jitterMs: b.jitterMs,
      bufferDepthMs: b.depthMs,
      targetDepthMs: b.targetMs,
      playedFrames: b.played,
      concealedFrames: b.concealed,
      idleFrames: b.idle,
      droppedFrames: b.dropped,
      resets: b.resets,
      playoutLateTicks: this.clock?.lateTicks ?? 0,
      remote: this.remote ? { ...this.remote } : null,
      latched: this.latched,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock?.stop();
    await this.dtmfQueue;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    this.log.info({ stats: this.stats() }, 'RTP stream closed');
  }

  // ── internals ─────────────────────────────────────────────────────────────

  /** After a pause in sending, timestamps jump by the pause (they follow the sampling clock) and a new talkspurt begins. */
  private followPause(): void {
    const now = monotonicMs();
    if (this.lastSendMs !== null && now - this.lastSendMs > TALKSPURT_GAP_MS) {
      const frame = FRAME_MS * SAMPLES_PER_MS;
      this.nextTs += Math.round(((now - this.lastSendMs - FRAME_MS) * SAMPLES_PER_MS) / frame) * frame;
      this.needMarker = true;
    }
    this.lastSendMs = now;
  }

  private sendPacket(payloadType: number, marker: boolean, timestamp: number, payload: Uint8Array): void {
    const remote = this.remote!;
    const packet = serialiseRtp({ marker, payloadType, sequence: this.seq, timestamp: timestamp >>> 0, ssrc: this.ssrc, payload });
    this.seq = (this.seq + 1) & 0xffff;
    this.n.packetsOut++;
    this.n.bytesOut += packet.length;
    this.socket.send(packet, remote.port, remote.address, (err) => {
      if (!err) return;
      this.n.sendErrors++;
      if (this.n.sendErrors <= 3) this.log.warn({ err, remote }, 'RTP send failed');
    });
  }

  private async runDtmf(event: number, pt: number, durationMs: number): Promise<DtmfSendResult> {
    if (this.closed) return { ok: false, error: 'the RTP session is closed' };
    this.dtmfBusy = true;
    this.followPause();
    const ts = this.nextTs;
    const total = Math.round(durationMs * SAMPLES_PER_MS);
    const step = DTMF_UPDATE_MS * SAMPLES_PER_MS;
    try {
      // Start (M=1), an update every 50 ms with the same timestamp, then the end three times.
      for (let duration = Math.min(step, total), first = true; duration < total; duration += step, first = false) {
        this.sendPacket(pt, first, ts, serialiseDtmfEvent({ event, end: false, volume: DTMF_VOLUME, duration }));
        // RFC 4733 paces the updates in real time: the receiver times the tone from them.
        await new Promise((r) => setTimeout(r, DTMF_UPDATE_MS));
        if (this.closed) return { ok: false, error: 'the RTP session closed during the event' };
      }
      const end = serialiseDtmfEvent({ event, end: true, volume: DTMF_VOLUME, duration: total });
      for (let i = 0; i < 3; i++) this.sendPacket(pt, total <= step && i === 0, ts, end);
      this.n.dtmfOut++;
      this.log.info({ digit: dtmfDigit(event), durationMs }, 'DTMF sent');
      return { ok: true };
    } finally {
      this.dtmfBusy = false;
      // Audio resumes after the event's duration, as a new talkspurt.
      this.nextTs = ts + total;
      this.needMarker = true;
      this.lastSendMs = monotonicMs();
    }
  }

  private receive(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (this.closed || !this.media) return;
    if (looksLikeRtcp(msg)) {
      this.n.rtcpIn++;
      return;
    }
    const parsed = parseRtp(msg);
    if (!parsed.ok) {
      this.n.malformed++;
      if (this.loggedMalformed++ < 5) this.log.warn({ from: `${rinfo.address}:${rinfo.port}`, bytes: msg.length }, `RTP packet ignored: ${parsed.error}`);
      return;
    }
    const p = parsed.packet;
    const m = this.media;
    const known = p.payloadType === m.payloadType || p.payloadType === m.dtmfPayloadType || p.payloadType === CN_PT || p.payloadType === 0 || p.payloadType === 8;
    if (!known) {
      this.n.unknownPayload++;
      return;
    }
    this.latch(rinfo);
    this.n.packetsIn++;
    this.n.bytesIn += msg.length;
    if (p.payloadType === m.dtmfPayloadType) {
      const e = parseDtmfEvent(p.payload);
      const digit = e && dtmfDigit(e.event);
      if (!e || !digit) return;
      if (p.timestamp === this.lastDtmfInTs) return;
      this.lastDtmfInTs = p.timestamp;
      this.n.dtmfIn++;
      this.log.info({ digit }, 'DTMF received');
      for (const l of this.listeners.dtmf) l({ digit, event: e.event, timestamp: p.timestamp });
      return;
    }
    if (p.payloadType === CN_PT) {
      this.n.comfortNoise++;
      this.buffer.comfortNoise();
      return;
    }
    if (p.payload.length === 0) {
      this.n.malformed++;
      return;
    }
    // Any ptime: the payload length is the sample count (G.711, one byte per sample).
    const pcmu = p.payloadType === m.payloadType ? m.codec === 'PCMU' : p.payloadType === 0;
    const samples = pcmu ? mulaw.decode(p.payload) : alaw.decode(p.payload);
    this.buffer.push({ ssrc: p.ssrc, sequence: p.sequence, timestamp: p.timestamp, samples, arrivalMs: monotonicMs() });
  }

  /** RFC 4961 symmetric RTP: send to where the peer's packets really come from. */
  private latch(rinfo: dgram.RemoteInfo): void {
    const now = monotonicMs();
    const remote = this.remote!;
    const same = rinfo.address === remote.address && rinfo.port === remote.port;
    if (same) {
      this.lastFromRemoteMs = now;
      this.latched = true;
      return;
    }
    // Latch on the first packet; move again only when the latched source has been silent for 2 s.
    if (this.latched && now - this.lastFromRemoteMs < 2000) return;
    this.log.info({ sdp: remote, actual: `${rinfo.address}:${rinfo.port}` }, 'RTP latched to the source the peer sends from');
    this.remote = { address: rinfo.address, port: rinfo.port };
    this.latched = true;
    this.lastFromRemoteMs = now;
    for (const l of this.listeners.latched) l({ ...this.remote });
  }

  private playout(dueMs: number): void {
    const frame = this.buffer.pull(dueMs);
    const info: PlayoutInfo = { kind: frame.kind, timestamp: frame.timestamp, dueMs };
    for (const l of this.listeners.playout) {
      try {
        l(frame.samples, info);
      } catch (err) {
        this.log.error({ err }, 'playout listener failed');
      }
    }
  }
}

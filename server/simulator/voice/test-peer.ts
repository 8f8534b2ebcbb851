/**
 * Test fixture: the far end of a simulated call, on the console's own UA and RTP code (what
 * the console's call manager also builds on): dials or answers, sends a tone every 20 ms,
 * keeps what it receives, sends DTMF. Not used in production.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import wavefile from 'wavefile';
import { startPacedClock } from '../../../main/voice/media/paced-clock';
import { openRtpSession, type RtpSession } from '../../../main/voice/media/rtp-session';
import { answerOffer, buildOffer, negotiate } from '../../../main/voice/media/sdp';
import { sineFrames } from '../../../main/voice/media/tone';
import { startSipUa } from '../../../main/voice/sip/index';
import type { DialOptions, DialResult, Dialog, IncomingInvite, RegistrarOptions, SipUa } from '../../../main/voice/sip/types';

export interface PeerCall {
  dialog: Dialog;
  rtp: RtpSession;
  /** Every playout frame received so far. */
  received: Int16Array[];
  /** Starts sending a sine at `hz` (and keeps sending it) until stop. */
  sendTone(hz: number): void;
  stopTone(): void;
}

export interface TestPeer {
  ua: SipUa;
  /** Dials; the media starts on the answer. */
  dial(target: string, opts?: Omit<DialOptions, 'target' | 'sdp'>): Promise<{ result: DialResult; call: PeerCall | null }>;
  /** Resolves with the next INVITE, answered (and its media started). */
  nextCall(): Promise<{ invite: IncomingInvite; call: PeerCall }>;
  close(): Promise<void>;
}

const log = pino({ level: 'warn' });

function peerCall(dialog: Dialog, rtp: RtpSession): PeerCall {
  const received: Int16Array[] = [];
  rtp.on('playout', (f) => received.push(Int16Array.from(f)));
  let clock: { stop(): void } | null = null;
  const stopTone = () => {
    clock?.stop();
    clock = null;
  };
  dialog.onEnded(() => {
    stopTone();
    void rtp.close();
  });
  return {
    dialog,
    rtp,
    received,
    sendTone(hz) {
      stopTone();
      const frames = sineFrames(hz, 1000, { amplitude: 0.4 });
      let i = 0;
      clock = startPacedClock(20, () => rtp.sendFrame(frames[i++ % frames.length]!));
    },
    stopTone,
  };
}

export async function startTestPeer(host: string, registrar?: RegistrarOptions): Promise<TestPeer> {
  const ua = await startSipUa({ host, port: 0, user: registrar?.user ?? 'peer', logger: log, registrar });
  const waiting: ((x: { invite: IncomingInvite; call: PeerCall }) => void)[] = [];
  ua.onInvite((invite) => {
    void (async () => {
      const rtp = await openRtpSession({ bindHost: host, logger: log });
      const { sdp, negotiated } = answerOffer(invite.remoteSdp, { address: host, port: rtp.local.port });
      const dialog = invite.accept(sdp);
      rtp.start({ address: negotiated.address, port: negotiated.port }, negotiated);
      waiting.shift()?.({ invite, call: peerCall(dialog, rtp) });
    })();
  });
  return {
    ua,
    async dial(target, opts = {}) {
      const rtp = await openRtpSession({ bindHost: host, logger: log });
      const out = ua.dial({ target, sdp: buildOffer({ address: host, port: rtp.local.port }), ...opts });
      const result = await out.result;
      if (result.outcome !== 'answered') {
        await rtp.close();
        return { result, call: null };
      }
      const negotiated = negotiate(result.remoteSdp);
      rtp.start({ address: negotiated.address, port: negotiated.port }, negotiated);
      return { result, call: peerCall(result.dialog, rtp) };
    },
    nextCall: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => ua.close(),
  };
}

/** Channel `n` (0: heard, 1: sent) of a simulated call's two-channel WAV. */
export function wavChannel(file: string, n: 0 | 1): Int16Array {
  const wav = new wavefile.WaveFile(readFileSync(file));
  const channels = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
  return Int16Array.from(channels[n]!);
}

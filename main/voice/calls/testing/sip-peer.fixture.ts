/**
 * Test peer: a real SIP endpoint on the console's own UA and RTP code, on its own loopback
 * address, that plays a tone, keeps everything it hears and the DTMF digits it receives,
 * each with the moment it came. It plays a beacon (its own call to the centre, with the
 * beacon's digest credentials, or answering a callback) or an outside line (17) answering
 * any number. Not used in production.
 */
import pino from 'pino';
import { openRtpSession, type RtpSession } from '../../media/rtp-session';
import { startPacedClock, type PacedClock } from '../../media/paced-clock';
import { answerOffer, buildOffer, negotiate } from '../../media/sdp';
import { concatFrames, sineFrames } from '../../media/tone';
import { startSipUa, type Dialog, type SipUa } from '../../sip';

export interface HeardDigit {
  digit: string;
  atMs: number;
}

export interface SipPeer {
  ua: SipUa;
  /** Digits received, in order, with when they came. */
  digits: HeardDigit[];
  /** When the call ended and who ended it. */
  ended: { atMs: number; by: string } | null;
  /** Every frame heard since the call was up. */
  heard(): Int16Array;
  /** Calls `target` (a beacon's own call) with digest credentials; resolves once answered. */
  call(target: string, auth: { user: string; password: string }): Promise<void>;
  /** Answers the next INVITE (a callback, a call-out); resolves once the call is up. */
  answerNext(): Promise<{ headers: Readonly<Record<string, string>> }>;
  hangup(): Promise<void>;
  /** Resolves once the call ended. */
  whenEnded(): Promise<void>;
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });

export async function startSipPeer(o: { host: string; user: string; toneHz: number }): Promise<SipPeer> {
  const ua = await startSipUa({ host: o.host, port: 0, user: o.user, logger: silent });
  const heard: Int16Array[] = [];
  const digits: HeardDigit[] = [];
  let rtp: RtpSession | null = null;
  let clock: PacedClock | null = null;
  let dialog: Dialog | null = null;
  let endedResolve!: () => void;
  const endedP = new Promise<void>((r) => (endedResolve = r));
  const tone = sineFrames(o.toneHz, 1000, { amplitude: 0.4 });
  let toneAt = 0;

  const peer: SipPeer = {
    ua,
    digits,
    ended: null,
    heard: () => concatFrames(heard),
    async call(target, auth) {
      const media = await openMedia();
      const out = ua.dial({ target, sdp: buildOffer({ address: o.host, port: media.local.port }), auth, ringTimeoutMs: 20_000 });
      const r = await out.result;
      if (r.outcome !== 'answered') throw new Error(`the call to ${target} was not answered: ${r.outcome} ${r.status ?? ''} ${r.reason}`);
      up(r.dialog, negotiate(r.remoteSdp));
    },
    answerNext() {
      return new Promise((resolve, reject) => {
        ua.onInvite((invite) => {
          void openMedia().then((media) => {
            try {
              const { sdp, negotiated } = answerOffer(invite.remoteSdp, { address: o.host, port: media.local.port });
              up(invite.accept(sdp), negotiated);
              resolve({ headers: invite.headers });
            } catch (err) {
              invite.reject(488);
              reject(err as Error);
            }
          }, reject);
        });
      });
    },
    async hangup() {
      await dialog?.hangup();
    },
    whenEnded: () => endedP,
    async close() {
      clock?.stop();
      await rtp?.close();
      await ua.close();
    },
  };

  async function openMedia(): Promise<RtpSession> {
    rtp = await openRtpSession({ bindHost: o.host, logger: silent });
    rtp.on('dtmf', (e) => digits.push({ digit: e.digit, atMs: Date.now() }));
    return rtp;
  }

  function up(d: Dialog, negotiated: ReturnType<typeof negotiate>): void {
    dialog = d;
    rtp!.start({ address: negotiated.address, port: negotiated.port }, negotiated);
    rtp!.on('playout', (frame) => heard.push(frame));
    clock = startPacedClock(20, () => {
      rtp?.sendFrame(tone[toneAt++ % tone.length]!);
    });
    d.onEnded((end) => {
      peer.ended = { atMs: Date.now(), by: end.by };
      clock?.stop();
      endedResolve();
    });
  }

  return peer;
}

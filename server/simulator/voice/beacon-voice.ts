/**
 * The simulated beacons' voice (SCAIP use case 1 and 2, PROTOCOLS.md §1.5): one SIP user
 * agent for all of them (the console's own UA, main/voice/sip), each beacon reachable at
 * `sip:<beaconId>@<address>:<port>`, which it gives as its `crd` in every alarm.
 * - After the centre's mrs says snu 0 with mre ≥ 1, the beacon calls the centre
 *   (`sip:veille@<hub>`, digest as for its MESSAGEs) within callDelayMs, in the mode mre
 *   asks (2: speaker muted), and keeps saying its recorded speech;
 * - it answers the centre's callback (cha=1) after answerDelayMs, in duplex;
 * - it honours the SCAIP DTMF codes and records what its room hears (sim-call.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Directory } from '@shared/domain/site';
import { openRtpSession } from '../../../main/voice/media/rtp-session';
import { answerOffer, buildOffer, negotiate } from '../../../main/voice/media/sdp';
import { startSipUa } from '../../../main/voice/sip/index';
import type { SipUa } from '../../../main/voice/sip/types';
import type { Mrs } from '../../hub/scaip/message';
import type { DigestCredentials } from '../../sip/index';
import { parseUri } from '../../sip/stack';
import { defaultBeaconAddress } from '../scaip/beacons';
import { modeForMre, startSimCall, type SimCall } from './sim-call';
import { loadClip, type SpeechClip } from './speech';

export interface BeaconVoiceOptions {
  /** The hub's SIP port (its SCAIP receiver). */
  hub: { host: string; port: number };
  /** Where the beacons' UA listens; default 127.0.0.2 (never the hub's own address: PROTOCOLS.md §3.3, pitfall 3). */
  address?: string;
  publicAddress?: string;
  /** 0 (default): a free port. */
  port?: number;
  credentials: (beaconId: string) => DigestCredentials | null;
  /** Which speech a beacon says; default from the directory's use (PPMS, PTI, MS70). */
  directory?: Directory;
  /** Where each call's WAV goes. */
  recordDir: string;
  speechDir?: string;
  /** Delay between the mrs and the INVITE; default 1 s (the standard allows up to 60 s). */
  callDelayMs?: number;
  /** Delay before answering a callback; default 1 s. */
  answerDelayMs?: number;
  /** Give up a call nobody answers after this; default 60 s. */
  ringTimeoutMs?: number;
  /** A refused call (480: nobody's console ready yet) is tried again this many times, every retryMs; default 2, 10 s. */
  retries?: number;
  retryMs?: number;
  /**
   * Calls placed at once at most; default 3. A PPMS flood's grouped case tells every
   * classroom's beacon OK at once: in the demo, a few of them call, not twenty.
   */
  maxCalls?: number;
  logger?: Logger;
}

export interface BeaconVoice {
  readonly address: string;
  readonly port: number;
  /** The beacon's SIP caller id, for its mrq's `crd`. */
  crdOf(beaconId: string): string;
  /** Give every mrs the beacon gets here: it calls after snu 0 with mre ≥ 1. */
  onMrs(beaconId: string, mrs: Mrs): void;
  /** Places the beacon's call now; null when refused or unanswered (logged). */
  call(beaconId: string, mre?: number): Promise<SimCall | null>;
  calls(): readonly SimCall[];
  /** Each call once it is connected. */
  onCall(listener: (call: SimCall) => void): () => void;
  close(): Promise<void>;
}

const CLIP_OF_USE: Record<string, SpeechClip> = { ppms: 'beacon-ppms', pti: 'beacon-pti', ms70: 'beacon-ms70' };

export async function startBeaconVoice(o: BeaconVoiceOptions): Promise<BeaconVoice> {
  const log = (o.logger ?? pino({ level: 'warn' })).child({ part: 'beacon-voice' });
  const local = defaultBeaconAddress();
  const address = o.address ?? local.address;
  const publicAddress = o.publicAddress ?? (o.address ? o.address : local.publicAddress);
  mkdirSync(o.recordDir, { recursive: true });
  const ua: SipUa = await startSipUa({ host: address, port: o.port ?? 0, publicAddress, user: 'beacons', logger: log });
  const calls: SimCall[] = [];
  const listeners = new Set<(c: SimCall) => void>();
  const busy = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const answeredRefs = new Set<string>();
  let closed = false;

  const clipOf = (beaconId: string) => {
    const use = o.directory?.beacons.find((b) => b.id === beaconId)?.use;
    return loadClip(use ? CLIP_OF_USE[use]! : 'beacon-generic', o.speechDir);
  };
  const fileFor = (beaconId: string, kind: string) => join(o.recordDir, `${beaconId.replace(/[^\w.-]/g, '_')}-${kind}-${Date.now()}.wav`);
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };
  const connected = (c: SimCall) => {
    calls.push(c);
    busy.add(c.party);
    void c.ended.then(() => busy.delete(c.party));
    for (const l of listeners) l(c);
  };

  async function call(beaconId: string, mre?: number, attempt = 0): Promise<SimCall | null> {
    const creds = o.credentials(beaconId);
    if (!creds || closed) return null;
    busy.add(beaconId);
    const rtp = await openRtpSession({ bindHost: address, logger: log }).catch((err: unknown) => {
      busy.delete(beaconId);
      throw err;
    });
    const offer = buildOffer({ address: publicAddress === 'localhost' ? address : publicAddress, port: rtp.local.port });
    const out = ua.dial({ target: `sip:veille@${o.hub.host}:${o.hub.port}`, sdp: offer, auth: creds, ringTimeoutMs: o.ringTimeoutMs ?? 60_000 });
    const r = await out.result;
    if (r.outcome !== 'answered') {
      busy.delete(beaconId);
      await rtp.close();
      log.warn({ beaconId, outcome: r.outcome, status: r.status, reason: r.reason, attempt }, 'simulated beacon: call to the centre not answered');
      if (r.status === 480 && attempt < (o.retries ?? 2)) {
        later(o.retryMs ?? 10_000, () => void call(beaconId, mre, attempt + 1).catch((err: unknown) => log.warn({ beaconId, err: String(err) }, 'simulated beacon: call retry failed')));
      }
      return null;
    }
    const c = startSimCall({
      party: beaconId,
      dialog: r.dialog,
      rtp,
      negotiated: negotiate(r.remoteSdp),
      speech: clipOf(beaconId),
      loop: true,
      recordingFile: fileFor(beaconId, 'call'),
      mode: modeForMre(mre),
      scaipDtmf: true,
      logger: log,
    });
    log.info({ beaconId, callId: c.callId, mode: c.mode() }, 'simulated beacon: call to the centre connected');
    connected(c);
    return c;
  }

  ua.onInvite((inv) => {
    const beaconId = parseUri(inv.toUri)?.user ?? '';
    if (!beaconId || !o.credentials(beaconId)) return inv.reject(404, 'No Such Beacon');
    if (busy.has(beaconId)) return inv.reject(486, 'Busy Here');
    inv.ringing();
    let cancelled = false;
    inv.onCancelled(() => (cancelled = true));
    later(o.answerDelayMs ?? 1000, () => {
      if (cancelled || inv.state !== 'pending') return;
      void (async () => {
        const rtp = await openRtpSession({ bindHost: address, logger: log });
        try {
          const { sdp, negotiated } = answerOffer(inv.remoteSdp, { address: publicAddress === 'localhost' ? address : publicAddress, port: rtp.local.port });
          const dialog = inv.accept(sdp);
          const c = startSimCall({ party: beaconId, caseId: inv.caseId, dialog, rtp, negotiated, speech: clipOf(beaconId), loop: true, recordingFile: fileFor(beaconId, 'callback'), mode: modeForMre(1), scaipDtmf: true, logger: log });
          log.info({ beaconId, callId: c.callId }, 'simulated beacon: callback answered');
          connected(c);
        } catch (err) {
          await rtp.close();
          log.warn({ beaconId, err: err instanceof Error ? err.message : String(err) }, 'simulated beacon: callback refused (bad offer)');
          if (inv.state === 'pending') inv.reject(488, 'Not Acceptable Here');
        }
      })();
    });
  });

  return {
    address,
    port: ua.local.port,
    crdOf: (beaconId) => `sip:${beaconId}@${publicAddress}:${ua.local.port}`,
    onMrs(beaconId, mrs) {
      if (mrs.snu !== 0 || (mrs.mre ?? 0) < 1) return;
      // A repeated OK for the same ref (the hub answering a re-send) places no second call.
      const key = `${beaconId}|${mrs.ref}`;
      if (answeredRefs.has(key) || busy.has(beaconId)) return;
      answeredRefs.add(key);
      if (busy.size >= (o.maxCalls ?? 3)) {
        log.info({ beaconId, ref: mrs.ref, calls: busy.size }, 'simulated beacon: no call placed (the simulation already has its calls going)');
        return;
      }
      later(o.callDelayMs ?? 1000, () => {
        call(beaconId, mrs.mre).catch((err: unknown) => log.warn({ beaconId, err: err instanceof Error ? err.message : String(err) }, 'simulated beacon: call failed'));
      });
    },
    call: (beaconId, mre) => call(beaconId, mre),
    calls: () => calls,
    onCall(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      await ua.close();
      await Promise.all(calls.map((c) => c.ended));
    },
  };
}

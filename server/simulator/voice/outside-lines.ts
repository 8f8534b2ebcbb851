/**
 * Simulated outside lines behind a SIP trunk: police 17, fire and rescue 18, SAMU 15, the
 * city's safety officer, the sites' contacts. One SIP UAS (the console's own UA code) answers
 * any number called at `sip:<number>@<address>:<port>` with a spoken French prompt, then
 * listens and records what it hears (channel 1) beside what it said (channel 2). Some
 * numbers are busy (486) or never answer (they ring until the caller gives up), for tests and
 * for drills of a call-out that fails. It never reaches a real number: nothing here dials out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { openRtpSession } from '../../../main/voice/media/rtp-session';
import { answerOffer } from '../../../main/voice/media/sdp';
import { startSipUa } from '../../../main/voice/sip/index';
import type { SipUa } from '../../../main/voice/sip/types';
import { parseUri } from '../../sip/stack';
import { startSimCall, type SimCall } from './sim-call';
import { loadClip, type SpeechClip } from './speech';

/** Numbers that answer busy / never answer unless told otherwise (ARCEP fiction range 06 39 98). */
export const BUSY_NUMBER = '0639980486';
export const NO_ANSWER_NUMBER = '0639980408';

export interface OutsideLinesOptions {
  /** Bind address; default 127.0.0.4. */
  address?: string;
  publicAddress?: string;
  /** 0 (default): a free port. */
  port?: number;
  recordDir: string;
  speechDir?: string;
  /** Answered busy (486); default [BUSY_NUMBER]. */
  busy?: readonly string[];
  /** Ring and never answer; default [NO_ANSWER_NUMBER]. */
  noAnswer?: readonly string[];
  /** The city's safety officer's numbers (answer with the city's prompt). */
  cityNumbers?: readonly string[];
  /** Ringing before the answer; default 800 ms. */
  answerDelayMs?: number;
  /** A line hangs up after this; default 10 min. */
  maxCallMs?: number;
  logger?: Logger;
}

export interface OutsideLines {
  readonly address: string;
  readonly port: number;
  /** What the console's --trunk takes: `sip:<address>:<port>`. */
  readonly trunk: string;
  calls(): readonly SimCall[];
  /** The latest call a number answered. */
  lastCall(number: string): SimCall | null;
  onCall(listener: (call: SimCall) => void): () => void;
  close(): Promise<void>;
}

/** Digits only, +33 as a national 0: "+33 6 39 98 04 86" and "06.39.98.04.86" are one number. */
export function normaliseNumber(n: string): string {
  const d = n.replace(/[\s.()-]/g, '');
  return d.startsWith('+33') ? `0${d.slice(3)}` : d;
}

export function promptOf(number: string, city: readonly string[] = []): SpeechClip {
  const n = normaliseNumber(number);
  if (n === '17') return 'line-police-17';
  if (n === '18') return 'line-fire-18';
  if (n === '15') return 'line-samu-15';
  if (city.map(normaliseNumber).includes(n) || number.trim() === 'city-safety') return 'line-city-safety';
  return 'line-contact';
}

export async function startOutsideLines(o: OutsideLinesOptions): Promise<OutsideLines> {
  const log = (o.logger ?? pino({ level: 'warn' })).child({ part: 'outside-lines' });
  const address = o.address ?? '127.0.0.4';
  const publicAddress = o.publicAddress ?? address;
  const busy = new Set((o.busy ?? [BUSY_NUMBER]).map(normaliseNumber));
  const noAnswer = new Set((o.noAnswer ?? [NO_ANSWER_NUMBER]).map(normaliseNumber));
  mkdirSync(o.recordDir, { recursive: true });
  const ua: SipUa = await startSipUa({ host: address, port: o.port ?? 0, publicAddress, user: 'trunk', logger: log });
  const calls: SimCall[] = [];
  const listeners = new Set<(c: SimCall) => void>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  ua.onInvite((inv) => {
    const number = normaliseNumber(parseUri(inv.toUri)?.user ?? '');
    if (!/^\+?[\w-]{1,32}$/.test(number)) return inv.reject(404, 'No Such Number');
    if (busy.has(number)) {
      log.info({ number }, 'simulated line: busy');
      return inv.reject(486, 'Busy Here');
    }
    inv.ringing();
    if (noAnswer.has(number)) {
      log.info({ number }, 'simulated line: ringing, nobody answers');
      return;
    }
    let cancelled = false;
    inv.onCancelled(() => (cancelled = true));
    const t = setTimeout(() => {
      timers.delete(t);
      if (closed || cancelled || inv.state !== 'pending') return;
      void answer(inv, number).catch((err: unknown) => log.warn({ number, err: err instanceof Error ? err.message : String(err) }, 'simulated line: answer failed'));
    }, o.answerDelayMs ?? 800);
    timers.add(t);
  });

  async function answer(inv: Parameters<Parameters<SipUa['onInvite']>[0]>[0], number: string): Promise<void> {
    const rtp = await openRtpSession({ bindHost: address, logger: log });
    let sdp: string;
    let negotiated;
    try {
      ({ sdp, negotiated } = answerOffer(inv.remoteSdp, { address: publicAddress, port: rtp.local.port }));
    } catch (err) {
      await rtp.close();
      log.warn({ number, err: err instanceof Error ? err.message : String(err) }, 'simulated line: bad offer');
      return inv.reject(488, 'Not Acceptable Here');
    }
    const dialog = inv.accept(sdp);
    const c = startSimCall({
      party: number,
      dialog,
      rtp,
      negotiated,
      speech: loadClip(promptOf(number, o.cityNumbers), o.speechDir),
      loop: false,
      recordingFile: join(o.recordDir, `line-${number}-${Date.now()}.wav`),
      mode: { speaker: true, microphone: true, volume: 5 },
      scaipDtmf: false,
      logger: log,
    });
    log.info({ number, callId: c.callId }, 'simulated line: answered');
    calls.push(c);
    const limit = setTimeout(() => void c.hangup(), o.maxCallMs ?? 10 * 60_000);
    timers.add(limit);
    void c.ended.then(() => {
      clearTimeout(limit);
      timers.delete(limit);
    });
    for (const l of listeners) l(c);
  }

  return {
    address,
    port: ua.local.port,
    trunk: `sip:${publicAddress}:${ua.local.port}`,
    calls: () => calls,
    lastCall: (number) => [...calls].reverse().find((c) => c.party === normaliseNumber(number)) ?? null,
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

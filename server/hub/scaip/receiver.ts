/**
 * The hub's SCAIP receiver (SS 91100 / CLC/TS 50134-9; docs/SCAIP.md): SIP MESSAGE with an
 * <mrq> → digest challenge (401) → signed MESSAGE → 200 OK → the <mrq> read → one Alarm
 * into the same intake as HTTP → the <mrs> in its own MESSAGE to the beacon:
 * - a life-safety alarm: HOLD (snu 4) while nobody has taken its case, then snu 0 with the
 *   voice mode the case needs (mre 2 discreet listening, 1 duplex) as soon as an operator
 *   takes it (bus 'case.changed');
 * - a fault, a restore, a routine status: snu 0 at once;
 * - a heartbeat (PI): snu 0 (+ hbi when the beacon accepts it), handed to supervision;
 * - an information update (IN) or abort (RE): joined to its alarm's case;
 * - a message it cannot take: the snu the sender expects (1, 2, 3, 7, 10, 99), logged.
 * A re-send of the same ref is answered and never makes a second alarm.
 */
import type { Logger } from 'pino';
import { categoryOf, voiceModeOf, type VoiceMode } from '@shared/domain/alarm-kinds';
import type { Case } from '@shared/domain/case';
import { bodyBytes } from '../../sip/body';
import { createDigestServer } from '../../sip/digest-server';
import { startSipStack, type SipRemote, type SipRequest, type SipStack, type SipUri } from '../../sip/stack';
import { getCase } from '../cases/case-row';
import type { HubContext } from '../context';
import { receiveAlarm, receiveUpdate } from '../ingest/intake';
import { recordHeartbeat } from '../supervision/beacon-record';
import { beaconHa1, SCAIP_REALM } from './credentials';
import { decodeScaipBody, parseMrq, SNU, type Mrq, type Mrs } from './message';
import { createMrsSender, type BeaconAddress, type MrsSenderOptions } from './mrs-sender';
import { Sessions, type Session } from './sessions';
import { mrqDetails, mrqText, mrqToAlarm } from './to-alarm';

export interface ScaipOptions {
  /** Bind address; default 127.0.0.1 (a beacon network is opened on purpose, never by default). */
  host?: string;
  /** Default 5060; 0 = a free port (tests, the embedded demo). */
  port?: number;
  /** What beacons reach us at, if not `host` (Via, From of our MESSAGEs). */
  publicAddress?: string;
  /** Also listen on TCP (large bodies); default false. */
  tcp?: boolean;
  /** Digest nonce lifetime; default 5 min. */
  nonceTtlMs?: number;
  mrs?: MrsSenderOptions;
  /** Called as each <mrs> leaves (tests, the bench): the beacon and what it is told. */
  onAnswer?: (beaconId: string, mrs: Mrs) => void;
}

export interface ScaipReceiver {
  host: string;
  port: number;
  close(): Promise<void>;
}

const MRE: Record<VoiceMode, 0 | 1 | 2> = { none: 0, duplex: 1, listen: 2 };
const SCAIP_TYPES = ['application/scaip+xml', 'application/xml', 'text/xml'];

/** What a beacon waiting on this case is told now. */
export function answerForCase(ref: string, c: Case | null, holds: boolean): Mrs {
  if (!c || !holds) return { ref, snu: SNU.ok };
  if (c.status === 'open') return { ref, snu: SNU.hold };
  // Closed before anyone talked to the beacon: handled, no voice call to set up.
  if (c.status === 'closed') return { ref, snu: SNU.ok, mre: 0 };
  return { ref, snu: SNU.ok, mre: MRE[voiceModeOf(c.kind)] };
}

/** The ref of a body we cannot decode (Latin-1, too long), so the sender can pair the refusal with its message. */
function refOf(bytes: Buffer): string | null {
  return /<(?:\w+:)?ref>\s*([0-9a-zA-Z]{1,16})\s*<\//.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1] ?? null;
}

function addressOf(rq: SipRequest, beaconId: string, remote: SipRemote): BeaconAddress {
  const contact = Array.isArray(rq.headers.contact) ? rq.headers.contact[0]?.uri : undefined;
  const from = rq.headers.from?.uri ?? `sip:${beaconId}@${remote.address}:${remote.port}`;
  return { beaconId, uri: (contact ?? from) as string | SipUri, aor: from, remote };
}

export async function startScaipReceiver(hub: HubContext, opts: ScaipOptions = {}): Promise<ScaipReceiver> {
  const log: Logger = hub.logger.child({ part: 'scaip' });
  const host = opts.host ?? '127.0.0.1';
  const digest = createDigestServer({ realm: SCAIP_REALM, nonceTtlMs: opts.nonceTtlMs });
  const sessions = new Sessions();
  const stack: SipStack = await startSipStack({ address: host, port: opts.port ?? 5060, publicAddress: opts.publicAddress, tcp: opts.tcp, logger: log }, (rq, remote, s) => {
    handle(rq, remote, s).catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err), method: rq.method }, 'scaip: request failed'));
  });
  const sender = createMrsSender(stack, log, opts.mrs);
  hub.voice?.attach(stack, digest);
  const mrs = {
    send(to: BeaconAddress, answer: Mrs) {
      opts.onAnswer?.(to.beaconId, answer);
      return sender.send(to, answer);
    },
  };

  /** Answers a session; never HOLD once it was told OK (a claim seen while we read, or a case released since): the OK again. */
  const tell = (s: Session, answer: Mrs): void => {
    const sent = answer.snu === SNU.hold && s.told === 'done' && s.last ? s.last : answer;
    s.told = sent.snu === SNU.hold ? 'hold' : 'done';
    s.last = sent;
    void mrs.send(s.to, sent);
  };

  // An operator took (or closed) a case: every beacon still on HOLD for it hears OK now.
  const onCase = (c: Case): void => {
    if (c.status === 'open') return;
    for (const s of sessions.forCase(c.id)) {
      if (s.holds && s.told === 'hold') tell(s, answerForCase(s.ref, c, true));
    }
  };
  hub.bus.on('case.changed', onCase);
  const pruner = setInterval(() => sessions.prune(Date.now()), 60_000);
  pruner.unref();

  async function handle(rq: SipRequest, remote: SipRemote, s: SipStack): Promise<void> {
    if (hub.voice?.handles(rq)) return hub.voice.handle(rq, remote);
    if (rq.method === 'ACK') return;
    if (rq.method === 'OPTIONS') return s.reply(rq, 200, 'OK', { headers: { allow: hub.voice ? 'MESSAGE, OPTIONS, INVITE, ACK, BYE, CANCEL, REGISTER' : 'MESSAGE, OPTIONS', accept: 'application/scaip+xml' } });
    if (rq.method !== 'MESSAGE') return s.reply(rq, 405, 'Method Not Allowed', { headers: { allow: 'MESSAGE, OPTIONS' } });
    const type = String(rq.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!SCAIP_TYPES.includes(type)) return s.reply(rq, 415, 'Unsupported Media Type', { headers: { accept: 'application/scaip+xml' } });

    const verdict = await digest.verify(rq, (user) => beaconHa1(hub.db, user));
    if (!verdict.ok) {
      if (verdict.reason !== 'missing' && verdict.reason !== 'stale') {
        log.warn({ beaconId: verdict.user, reason: verdict.reason, from: `${remote.address}:${remote.port}` }, 'scaip: message refused: authentication failed');
      }
      return s.reply(rq, 401, 'Unauthorized', { headers: { 'www-authenticate': digest.challenge(verdict.reason === 'stale') } });
    }
    const beaconId = verdict.user;
    // Accepted at the SIP level; the SCAIP answer follows in its own MESSAGE.
    s.reply(rq, 200, 'OK');
    const to = addressOf(rq, beaconId, remote);

    const bytes = bodyBytes(rq.content);
    const encoding = typeof rq.headers['content-encoding'] === 'string' ? rq.headers['content-encoding'] : undefined;
    const decoded = decodeScaipBody(bytes, encoding);
    const parsed = decoded.ok ? parseMrq(decoded.text) : { ok: false as const, snu: decoded.snu, ref: encoding ? null : refOf(bytes), reason: decoded.reason };
    if (!parsed.ok) {
      log.warn({ beaconId, snu: parsed.snu, ref: parsed.ref, reason: parsed.reason }, 'scaip: message refused');
      void mrs.send(to, { ref: parsed.ref ?? '', snu: parsed.snu, ste: parsed.reason.slice(0, 128) });
      return;
    }
    const raw = decoded.ok ? decoded.text : '';
    hub.voice?.noteBeacon(beaconId, parsed.mrq.crd, to.uri, remote);
    try {
      await dispatch(parsed.mrq, beaconId, to, raw);
    } catch (err) {
      // Not stored (a database error): never let the beacon believe it was. snu 6 "busy":
      // it tries again later or moves on to its next alarm receiver.
      log.error({ beaconId, ref: parsed.mrq.ref, err: err instanceof Error ? err.message : String(err) }, 'scaip: message not taken in: answered busy');
      void mrs.send(to, { ref: parsed.mrq.ref, snu: SNU.busy, ste: 'Centre momentanément indisponible' });
    }
  }

  async function dispatch(mrq: Mrq, beaconId: string, to: BeaconAddress, raw: string): Promise<void> {
    const use = hub.lookup(beaconId)?.beacon.use ?? null;
    if (mrq.mty === 'PI') {
      const state = await recordHeartbeat(hub, { beaconId, at: new Date().toISOString(), position: mrq.geo, details: mrqDetails(mrq) });
      const answer: Mrs = { ref: mrq.ref, snu: SNU.ok };
      if (mrq.acceptsHeartbeatInterval) answer.hbi = Math.min(1440, Math.max(1, Math.round(state.heartbeatPeriodS / 60)));
      void mrs.send(to, answer);
      return;
    }
    const session = sessions.touch(beaconId, mrq.ref, to, Date.now());
    if (mrq.mty === 'IN' || mrq.mty === 'RE') {
      const r = await receiveUpdate(hub, {
        source: `scaip:${beaconId}`,
        beaconId,
        reference: mrq.ref,
        type: mrq.mty === 'IN' ? 'info' : 'abort',
        text: mrqText(mrq),
        details: mrqDetails(mrq),
        raw,
      });
      if (mrq.mty === 'RE') {
        // The beacon gave up waiting and moved on: the session is over, whatever the case.
        sessions.drop(session);
        void mrs.send(to, { ref: mrq.ref, snu: SNU.ok });
        return;
      }
      const c = 'caseId' in r ? await getCase(hub.db, r.caseId) : null;
      return tell(session, answerForCase(mrq.ref, c, session.holds || (c !== null && categoryOf(c.kind) === 'life-safety')));
    }

    const alarm = mrqToAlarm(mrq, { beaconId, use, firstReceivedAt: session.firstReceivedAt, raw });
    const outcome = await receiveAlarm(hub, alarm);
    const caseId = outcome.kind === 'stored' ? outcome.result.caseId : outcome.caseId;
    if (outcome.kind === 'conflict') {
      log.warn({ beaconId, ref: mrq.ref, fields: outcome.fields }, 'scaip: same ref, other content: answered as the first message, nothing stored');
    }
    session.holds = categoryOf(alarm.kind) === 'life-safety';
    sessions.attach(session, caseId);
    // Read after attaching: a claim committed in between is either seen here or heard by onCase.
    const c = caseId ? await getCase(hub.db, caseId) : null;
    tell(session, answerForCase(mrq.ref, c, session.holds));
  }

  log.info({ host, port: stack.port, tcp: !!opts.tcp }, 'scaip receiver listening');
  let closing: Promise<void> | null = null;
  return {
    host,
    port: stack.port,
    close() {
      closing ??= (async () => {
        hub.bus.off('case.changed', onCase);
        clearInterval(pruner);
        sender.close();
        await stack.close();
      })();
      return closing;
    },
  };
}

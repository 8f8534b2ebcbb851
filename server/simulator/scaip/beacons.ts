/**
 * Simulated SCAIP beacons (SS 91100): SIP user agents on one local port (each beacon its own
 * AOR, sip:<beaconId>@<address>:<port>) that send their <mrq> in SIP MESSAGE with digest
 * authentication, answer the hub's <mrs> MESSAGE with 200 OK, and behave as a real beacon
 * does with the answer:
 * - snu 4 (HOLD): re-send the same mrq (same ref) every 5–20 s until snu 0, or give up after
 *   the polling time and send RE (abort) with the same ref;
 * - snu 0: the message session is over (the mre says how the centre will talk);
 * - heartbeats: mty PI on a period, adopting the hub's <hbi> when it sends one.
 * Every timer is caught: nothing here throws out of a timer or takes the process down.
 */
import pino, { type Logger } from 'pino';
import { parseMrs, type Mrs } from '../../hub/scaip/message';
import {
  createDigestClient,
  decodeBody,
  encodeBody,
  requestWithDigest,
  sipToken,
  startSipStack,
  type DigestClient,
  type DigestCredentials,
  type SipRequest,
  type SipStack,
} from '../../sip/index';
import { createRng, type Rng } from '../random';
import { SendError } from '../sender';
import type { AlarmTransport, SendOutcome, SimMessage } from '../transport';
import { scaipCodesOf } from './codes';
import { buildMrq, controllerIdOf, type MrqInput } from './mrq';

export interface ScaipBeaconsOptions {
  /** The hub's SCAIP receiver. */
  hub: { host: string; port: number };
  /**
   * Where the beacons listen for the hub's mrs; default defaultBeaconAddress() (loopback,
   * under another name than the hub's).
   */
  address?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** The host in the beacons' Via, From and Contact when it must differ from `address` (see defaultBeaconAddress). */
  publicAddress?: string;
  /** A beacon's digest credentials; null: it sends unauthenticated (and is refused). */
  credentials: (beaconId: string) => DigestCredentials | null;
  /** HOLD re-send interval; default 5–20 s (SS 91100). */
  holdResendMs?: { min: number; max: number };
  /** HOLD polling time, after which the beacon gives up and sends RE; default 3 min (the standard allows 3–30). */
  holdGiveUpMs?: number;
  /** false: stop at the first answer, even a HOLD (a bench measuring intake alone). Default true. */
  honourHold?: boolean;
  /** How long the mrs may take after the MESSAGE; default 10 s. */
  mrsTimeoutMs?: number;
  /** Heartbeat period before the hub says otherwise (hbi); default 5 min. */
  heartbeatMs?: number;
  seed?: number;
  logger?: Logger;
  /** Every mrs received, after it was answered (tests, the demo's log). */
  onMrs?: (beaconId: string, mrs: Mrs) => void;
  /** The beacon's voice caller ids for its alarms' `crd` (its SIP URI when it can take calls: simulator/voice). */
  crdOf?: (beaconId: string) => string[];
}

export interface ScaipCounts {
  /** SIP MESSAGEs carrying an mrq (re-sends, RE and PI included). */
  messages: number;
  /** Of which HOLD re-sends. */
  holdResends: number;
  /** RE sent after the polling time ran out. */
  aborts: number;
  heartbeats: number;
  /** mrs received, by snu. */
  mrs: Record<string, number>;
  /** MESSAGEs the hub refused at SIP level (401 after signing, 403, 4xx/5xx). */
  refused: number;
}

export interface ScaipBeacons {
  readonly transport: AlarmTransport;
  /** The address and port the beacons listen on (their contact). */
  readonly address: string;
  readonly port: number;
  /** One heartbeat (mty PI) now; resolves with the hub's mrs. */
  heartbeat(beaconId: string): Promise<Mrs>;
  /** Heartbeats for these beacons, spread over the first period. */
  startHeartbeats(beaconIds: readonly string[]): void;
  counts(): ScaipCounts;
  /** Messages still waiting for their end (in HOLD, or for their first mrs). */
  openSessions(): number;
  close(): Promise<void>;
}

type SessionState = 'sent' | 'hold' | 'done';

interface Session {
  ref: string;
  beaconId: string;
  input: MrqInput;
  xml: string;
  startedAt: number;
  state: SessionState;
  timer?: NodeJS.Timeout;
  waiters: ((mrs: Mrs) => void)[];
}

/**
 * Where beacons listen beside a hub on loopback. The `sip` package never sends to a URI whose
 * host is its own Via host (PROTOCOLS.md §3.3, pitfall 3), so the beacons need another host
 * name than the hub's: 127.0.0.2 where the whole 127/8 answers (Linux, Windows); on macOS,
 * where only 127.0.0.1 exists, the same address named "localhost".
 */
export function defaultBeaconAddress(platform: string = process.platform): { address: string; publicAddress: string } {
  // Simulated beacons live on the hub's machine: loopback reaches whatever address the hub binds.
  return platform === 'darwin' ? { address: '127.0.0.1', publicAddress: 'localhost' } : { address: '127.0.0.2', publicAddress: '127.0.0.2' };
}

export const SCAIP_CONTENT_TYPE = 'application/scaip+xml';

export async function startScaipBeacons(o: ScaipBeaconsOptions): Promise<ScaipBeacons> {
  const log = o.logger ?? pino({ level: 'warn', base: { svc: 'scaip-beacons' } });
  const rng: Rng = createRng(o.seed ?? Date.now());
  const local = defaultBeaconAddress();
  const address = o.address ?? local.address;
  const publicAddress = o.publicAddress ?? (o.address ? o.address : local.publicAddress);
  const hold = o.holdResendMs ?? { min: 5_000, max: 20_000 };
  const giveUpMs = o.holdGiveUpMs ?? 3 * 60_000;
  const honourHold = o.honourHold ?? true;
  const mrsTimeoutMs = o.mrsTimeoutMs ?? 10_000;
  const sessions = new Map<string, Session>();
  const clients = new Map<string, DigestClient | null>();
  const heartbeatTimers = new Map<string, NodeJS.Timeout>();
  const periods = new Map<string, number>();
  const c: ScaipCounts = { messages: 0, holdResends: 0, aborts: 0, heartbeats: 0, mrs: {}, refused: 0 };
  let closed = false;
  let seq = 0;

  const stack: SipStack = await startSipStack({ address, port: o.port ?? 0, publicAddress, logger: log }, (rq, _remote, s) => {
    try {
      onRequest(rq, s);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'simulated beacon: request handling failed');
    }
  });
  const hubUri = `sip:veille@${o.hub.host}:${o.hub.port}`;
  const aor = (beaconId: string) => `sip:${beaconId}@${publicAddress}:${stack.port}`;

  function onRequest(rq: SipRequest, s: SipStack): void {
    if (rq.method === 'ACK') return;
    if (rq.method === 'OPTIONS') return s.reply(rq, 200, 'OK');
    if (rq.method !== 'MESSAGE') return s.reply(rq, 405, 'Method Not Allowed', { headers: { allow: 'MESSAGE, OPTIONS' } });
    const mrs = parseMrs(decodeBody(rq.content));
    if (!mrs) return s.reply(rq, 400, 'Not an mrs');
    // Answered first: the hub re-sends its mrs until it has this 200.
    s.reply(rq, 200, 'OK');
    c.mrs[mrs.snu] = (c.mrs[mrs.snu] ?? 0) + 1;
    const session = sessions.get(mrs.ref);
    if (!session) return; // a late or repeated answer to a finished session: answered, nothing to do
    for (const w of session.waiters.splice(0)) w(mrs);
    o.onMrs?.(session.beaconId, mrs);
    onAnswer(session, mrs);
  }

  function clientOf(beaconId: string): DigestClient | null {
    if (!clients.has(beaconId)) {
      const creds = o.credentials(beaconId);
      clients.set(beaconId, creds ? createDigestClient(creds) : null);
    }
    return clients.get(beaconId)!;
  }

  /** One MESSAGE with the session's mrq, signed; resolves on a 2xx, throws a SendError otherwise. */
  async function post(beaconId: string, xml: string): Promise<void> {
    c.messages++;
    const callId = `${sipToken()}@${publicAddress}`;
    const tag = sipToken(4);
    const make = (): SipRequest => ({
      method: 'MESSAGE',
      uri: hubUri,
      headers: {
        to: { uri: hubUri },
        from: { uri: aor(beaconId), params: { tag } },
        'call-id': callId,
        cseq: { method: 'MESSAGE', seq: ++seq },
        contact: [{ uri: aor(beaconId) }],
        'content-type': SCAIP_CONTENT_TYPE,
        'max-forwards': 70,
      },
      content: encodeBody(xml),
    });
    const rs = await requestWithDigest(stack, make, clientOf(beaconId));
    if (rs.status >= 200 && rs.status < 300) return;
    c.refused++;
    // 408 (no answer) and 5xx: the network or a busy hub, worth another try; 4xx: this beacon is refused.
    const retryable = rs.status === 408 || rs.status >= 500;
    throw new SendError(`hub answered the MESSAGE ${rs.status} ${rs.reason}`, retryable);
  }

  /** Sends the session's mrq and resolves with the next mrs for its ref. */
  async function exchange(session: Session): Promise<Mrs> {
    let timer: NodeJS.Timeout | undefined;
    let waiter: ((m: Mrs) => void) | undefined;
    // Waiting before sending: the mrs may overtake the 200 of our own MESSAGE.
    const answered = new Promise<Mrs>((resolve, reject) => {
      waiter = resolve;
      session.waiters.push(resolve);
      timer = setTimeout(() => reject(new SendError(`no mrs for ${session.ref} within ${mrsTimeoutMs} ms`, true)), mrsTimeoutMs);
    });
    answered.catch(() => undefined);
    try {
      await post(session.beaconId, session.xml);
      return await answered;
    } finally {
      clearTimeout(timer);
      const i = session.waiters.indexOf(waiter!);
      if (i >= 0) session.waiters.splice(i, 1);
    }
  }

  function later(session: Session, ms: number, fn: () => Promise<void>): void {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      if (closed) return;
      fn().catch((err: unknown) => log.warn({ ref: session.ref, err: (err as Error).message }, 'simulated beacon: send failed'));
    }, ms);
  }

  function end(session: Session, state: SessionState): void {
    session.state = state;
    clearTimeout(session.timer);
    // Kept a little: a repeated mrs for it is still answered without noise.
    session.timer = setTimeout(() => sessions.delete(session.ref), 60_000);
    session.timer.unref();
  }

  function onAnswer(session: Session, mrs: Mrs): void {
    if (session.state === 'done') return;
    if (mrs.snu === 4 && honourHold) {
      session.state = 'hold';
      scheduleHoldResend(session);
      return;
    }
    if (mrs.snu === 0) log.info({ beaconId: session.beaconId, ref: session.ref, mre: mrs.mre ?? 0 }, 'simulated beacon: handled');
    else if (mrs.snu !== 4) log.warn({ beaconId: session.beaconId, ref: session.ref, snu: mrs.snu, ste: mrs.ste }, 'simulated beacon: message not taken');
    end(session, 'done');
  }

  function scheduleHoldResend(session: Session): void {
    const wait = hold.min + rng() * (hold.max - hold.min);
    if (Date.now() + wait - session.startedAt > giveUpMs) {
      // Polling time over: the beacon aborts this message and moves to its alternative action.
      later(session, wait, async () => {
        if (session.state !== 'hold') return;
        c.aborts++;
        end(session, 'done');
        log.warn({ beaconId: session.beaconId, ref: session.ref }, 'simulated beacon: still on HOLD after the polling time, sending RE');
        await post(session.beaconId, buildMrq({ ...session.input, mty: 'RE' }));
      });
      return;
    }
    later(session, wait, async () => {
      if (session.state !== 'hold') return;
      c.holdResends++;
      try {
        await exchange(session);
      } catch (err) {
        // No answer to this re-send: keep polling on the same rhythm.
        log.warn({ ref: session.ref, err: (err as Error).message }, 'simulated beacon: HOLD re-send unanswered');
        if (session.state === 'hold') scheduleHoldResend(session);
      }
    });
  }

  function sessionFor(msg: SimMessage): Session {
    let s = sessions.get(msg.reference);
    if (!s) {
      const a = msg.alarm;
      const input: MrqInput = { ref: msg.reference, cid: controllerIdOf(a.beaconId), kind: a.kind, did: a.beaconId, text: a.text, position: a.position, crd: o.crdOf?.(a.beaconId) };
      s = { ref: msg.reference, beaconId: a.beaconId, input, xml: buildMrq(input), startedAt: Date.now(), state: 'sent', waiters: [] };
      sessions.set(s.ref, s);
    }
    return s;
  }

  const transport: AlarmTransport = {
    name: 'scaip',
    async send(msg): Promise<SendOutcome> {
      if (closed) throw new SendError('simulated beacons closed', false);
      const session = sessionFor(msg);
      const mrs = await exchange(session);
      return { reference: msg.reference, acknowledged: mrs.snu === 0 || mrs.snu === 4, duplicate: false, snu: mrs.snu };
    },
    canSend: (kind) => scaipCodesOf(kind) !== null,
    close: () => close(),
  };

  async function heartbeat(beaconId: string): Promise<Mrs> {
    const ref = `H${Date.now().toString(36)}${sipToken(2)}`.slice(0, 16);
    const input: MrqInput = { ref, mty: 'PI', cid: controllerIdOf(beaconId), did: beaconId, acceptsHeartbeatInterval: true };
    const session: Session = {
      ref,
      beaconId,
      input,
      xml: buildMrq(input),
      startedAt: Date.now(),
      state: 'sent',
      waiters: [],
    };
    sessions.set(ref, session);
    c.heartbeats++;
    try {
      const mrs = await exchange(session);
      if (mrs.hbi !== undefined) periods.set(beaconId, mrs.hbi * 60_000);
      return mrs;
    } finally {
      // Answered or not, the next heartbeat has a ref of its own: this one is over.
      if (session.state !== 'done') end(session, 'done');
    }
  }

  function scheduleHeartbeat(beaconId: string, ms: number): void {
    const t = setTimeout(() => {
      if (closed) return;
      heartbeat(beaconId)
        .catch((err: unknown) => log.warn({ beaconId, err: (err as Error).message }, 'simulated beacon: heartbeat failed'))
        .finally(() => !closed && scheduleHeartbeat(beaconId, periods.get(beaconId) ?? o.heartbeatMs ?? 5 * 60_000));
    }, ms);
    heartbeatTimers.set(beaconId, t);
  }

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    closing ??= (async () => {
      closed = true;
      for (const t of heartbeatTimers.values()) clearTimeout(t);
      for (const s of sessions.values()) clearTimeout(s.timer);
      await stack.close();
    })();
    return closing;
  }

  return {
    transport,
    address,
    port: stack.port,
    heartbeat,
    startHeartbeats(beaconIds) {
      const period = o.heartbeatMs ?? 5 * 60_000;
      // Spread over the first period: 80 beacons do not all talk in the same second.
      for (const id of beaconIds) if (!heartbeatTimers.has(id)) scheduleHeartbeat(id, rng() * Math.min(period, 60_000));
    },
    counts: () => ({ ...c, mrs: { ...c.mrs } }),
    openSessions: () => [...sessions.values()].filter((s) => s.state !== 'done').length,
    close,
  };
}

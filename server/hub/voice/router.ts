/**
 * Voice routing at the hub (docs/VOICE.md): on the SCAIP receiver's SIP port, the hub is the
 * consoles' registrar and a small proxy for call signalling; media flows directly.
 * - a console REGISTERs with the ephemeral credentials it got over the /console socket;
 * - a beacon's INVITE (digest-authenticated as for its MESSAGEs), after the centre told it
 *   snu 0 with a voice mode, goes to the registered console of the operator who owns the
 *   beacon's open case, with `X-Veille-Case`;
 * - a console's INVITE to `sip:<beaconId>@<hub>` (a callback, SCAIP cha=1) goes to the
 *   beacon's contact, only for the owner of an open case of that beacon, or as a technical
 *   test call carrying `X-Veille-Test-Reason` (logged with the reason);
 * - anything else is refused with a reason phrase that says why, logged, and written in the
 *   case's history when there is a case.
 */
import type { Logger } from 'pino';
import type { Case } from '@shared/domain/case';
import { VOICE_SIP_HEADERS, type VoiceCredentialsAck } from '@shared/hub-protocol/voice';
import type { DigestServer } from '../../sip/digest-server';
import { parseUri, type SipRemote, type SipRequest, type SipStack, type SipUri } from '../../sip/stack';
import type { HubContext } from '../context';
import { sessionEndReason } from '../auth/sessions';
import { recordCaseEvent } from '../history/case-events';
import { beaconHa1 } from '../scaip/credentials';
import { BeaconContacts, openCaseOfBeacon } from './beacons';
import { createConsoleCredentialMint, type ConsoleCredentialMint } from './console-credentials';
import { SipProxy, type ProxyOptions } from './proxy';
import { MAX_REGISTER_EXPIRES_S, Registrar } from './registrar';

export interface VoiceRoutingOptions extends ProxyOptions {
  /** HMAC key of the consoles' SIP credentials; default random per hub process. Several hub nodes share one. */
  credentialSecret?: Buffer;
  /** Lifetime of a console's SIP credentials; default 12 h. */
  credentialTtlMs?: number;
  /**
   * The centre's SIP proxy in front of the beacons (Kamailio, an SBC: docs/VOICE.md): callbacks
   * are sent to it, with the beacon's URI as Request-URI, instead of straight to the beacon.
   */
  beaconProxy?: { host: string; port: number };
}

/** What the SCAIP receiver and the console namespace call. */
export interface VoiceRouter {
  /** Called by the receiver once its SIP stack is up. */
  attach(stack: SipStack, digest: DigestServer): void;
  /** Whether a request is voice's (everything but MESSAGE and OPTIONS). */
  handles(rq: SipRequest): boolean;
  handle(rq: SipRequest, remote: SipRemote): Promise<void>;
  /** A beacon's authenticated MESSAGE: where it can be called back. */
  noteBeacon(beaconId: string, crd: readonly string[], messageUri: string | SipUri, source: SipRemote): void;
  /** REGISTER credentials for a logged-in operator's session. */
  credentials(operatorId: string, sessionId: string): VoiceCredentialsAck;
  readonly registrar: Registrar;
  readonly contacts: BeaconContacts;
  /** Calls routed and answered, not yet hung up. */
  activeCalls(): number;
  close(): void;
}

const VOICE_METHODS = new Set(['INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'REFER', 'NOTIFY', 'SUBSCRIBE', 'PUBLISH']);
const ALLOW = 'INVITE, ACK, BYE, CANCEL, REGISTER, MESSAGE, OPTIONS, INFO, UPDATE';
const OURS = [VOICE_SIP_HEADERS.caseId, VOICE_SIP_HEADERS.beaconId, VOICE_SIP_HEADERS.testReason].map((h) => h.toLowerCase());

type Refusal = { status: number; reason: string; why: string };

export function createVoiceRouter(hub: HubContext, opts: VoiceRoutingOptions = {}): VoiceRouter {
  const log: Logger = hub.logger.child({ part: 'voice' });
  const mint: ConsoleCredentialMint = createConsoleCredentialMint({ secret: opts.credentialSecret, ttlMs: opts.credentialTtlMs });
  const registrar = new Registrar();
  const contacts = new BeaconContacts();
  let stack: SipStack | null = null;
  let digest: DigestServer | null = null;
  let proxy: SipProxy | null = null;
  let pruner: NodeJS.Timeout | null = null;

  const ha1Of = (user: string) => (mint.isConsoleUser(user) ? mint.ha1(user, digest!.realm) : beaconHa1(hub.db, user));

  /** The digest user of a request, or null once it was challenged (401 sent). */
  async function authenticate(rq: SipRequest, remote: SipRemote): Promise<string | null> {
    const verdict = await digest!.verify(rq, ha1Of);
    if (verdict.ok) return verdict.user;
    if (verdict.reason !== 'missing' && verdict.reason !== 'stale' && verdict.reason !== 'bad-nonce') {
      log.warn({ user: verdict.user, reason: verdict.reason, method: rq.method, from: `${remote.address}:${remote.port}` }, 'voice: request refused: authentication failed');
    }
    stack!.reply(rq, 401, 'Unauthorized', { headers: { 'www-authenticate': digest!.challenge(verdict.reason === 'stale') } });
    return null;
  }

  async function refuse(rq: SipRequest, r: Refusal, c: Case | null, facts: Record<string, string | null>): Promise<void> {
    stack!.reply(rq, r.status, r.reason);
    log.warn({ ...facts, caseId: c?.id ?? null, status: r.status, why: r.why }, `voice: call refused: ${r.why}`);
    if (!c) return;
    try {
      await recordCaseEvent(hub.db, {
        caseId: c.id,
        caseVersion: c.version,
        at: new Date().toISOString(),
        type: 'voice.refused',
        actor: null,
        payload: { ...facts, status: r.status, reason: r.why },
      });
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), caseId: c.id }, 'voice: refusal not written in the case history');
    }
  }

  /** Whether the login session behind console credentials is still live (not logged out, revoked, expired). */
  async function sessionLive(sessionId: string, operatorId: string): Promise<boolean> {
    const ended = await sessionEndReason(hub.db, sessionId);
    if (ended) {
      log.warn({ operatorId, sessionId, reason: ended }, 'voice: console credentials of a session that is over refused');
      if (registrar.lookup(operatorId)?.user.includes(`-${sessionId}`)) registrar.remove(operatorId);
    }
    return ended === null;
  }

  async function register(rq: SipRequest, remote: SipRemote, user: string): Promise<void> {
    const who = mint.identify(user);
    if (!who) return stack!.reply(rq, 403, 'Only Consoles Register Here');
    if (!(await sessionLive(who.sessionId, who.operatorId))) return stack!.reply(rq, 403, 'Session Ended');
    const r = registrar.register(rq, remote, who.operatorId, user);
    if (r.kind === 'bad') return stack!.reply(rq, r.status, r.reason, r.headers ? { headers: r.headers } : undefined);
    if (r.kind === 'removed') {
      log.info({ operatorId: who.operatorId }, 'voice: console unregistered');
      return stack!.reply(rq, 200, 'OK');
    }
    // Bound now, or a query (no Contact): the answer lists the binding the operator has.
    const b = r.binding;
    if (r.kind === 'bound') log.info({ operatorId: who.operatorId, contact: r.binding.contact, from: `${remote.address}:${remote.port}`, expiresS: r.expiresS }, 'voice: console registered');
    const contact = b ? [{ uri: b.contact, params: { expires: String(Math.max(0, Math.round((b.expiresAtMs - Date.now()) / 1000))) } }] : undefined;
    stack!.reply(rq, 200, 'OK', { headers: contact ? { contact } : {} });
  }

  async function fromBeacon(rq: SipRequest, remote: SipRemote, beaconId: string): Promise<void> {
    const c = await openCaseOfBeacon(hub.db, beaconId);
    const facts = { direction: 'beacon-to-console', beaconId, operatorId: c?.owner?.operatorId ?? null };
    if (!c) return refuse(rq, { status: 480, reason: 'No Open Case For This Beacon', why: 'no open case for this beacon' }, null, facts);
    if (!c.owner) return refuse(rq, { status: 480, reason: 'Case Not Yet Taken By An Operator', why: 'case not yet taken by an operator' }, c, facts);
    const bound = registrar.lookup(c.owner.operatorId);
    const live = bound ? await sessionLive(mint.identify(bound.user)?.sessionId ?? '', bound.operatorId) : false;
    const binding = live ? bound : null;
    if (!binding) return refuse(rq, { status: 480, reason: 'Operator Console Not Registered', why: "the case owner's console is not registered" }, c, facts);
    log.info({ ...facts, caseId: c.id }, 'voice: beacon call routed to the case owner');
    proxy!.forwardInvite(rq, remote, { uri: binding.contact, flow: binding.flow }, {
      labels: { caseId: c.id, beaconId, operatorId: c.owner.operatorId },
      strip: OURS,
      headers: { [VOICE_SIP_HEADERS.caseId]: c.id, [VOICE_SIP_HEADERS.beaconId]: beaconId },
      onFinal: (status, reason) => log.info({ ...facts, caseId: c.id, status, reason }, 'voice: beacon call answered by the console'),
    });
  }

  async function fromConsole(rq: SipRequest, remote: SipRemote, user: string): Promise<void> {
    const who = mint.identify(user);
    if (!who) return void stack!.reply(rq, 403, 'Credentials Expired');
    if (!(await sessionLive(who.sessionId, who.operatorId))) return void stack!.reply(rq, 403, 'Session Ended');
    const beaconId = parseUri(rq.uri)?.user ?? '';
    const known = beaconId !== '' && (hub.lookup(beaconId) !== undefined || contacts.get(beaconId) !== null);
    const facts = { direction: 'console-to-beacon', beaconId, operatorId: who.operatorId };
    if (!known) return refuse(rq, { status: 404, reason: 'Not A Beacon (Call Outside Parties Through The Trunk)', why: 'not a beacon' }, null, facts);
    const rawReason = rq.headers[VOICE_SIP_HEADERS.testReason.toLowerCase()];
    const testReason = typeof rawReason === 'string' ? headerText(rawReason).trim().slice(0, 200) : '';
    const c = await openCaseOfBeacon(hub.db, beaconId);
    const owner = c?.owner?.operatorId === who.operatorId;
    if (!owner && !testReason) {
      const why = c?.owner ? 'the case is owned by another operator' : c ? 'the case is not taken' : 'no open case for this beacon';
      return refuse(rq, { status: 403, reason: 'Not Owner Of An Open Case Of This Beacon', why }, c, facts);
    }
    const to = contacts.get(beaconId);
    if (!to) return refuse(rq, { status: 480, reason: 'Beacon Contact Unknown', why: 'the beacon has sent no message since the hub started' }, c, facts);
    if (owner) log.info({ ...facts, caseId: c!.id, contact: to.uri }, 'voice: callback to the beacon routed');
    else log.warn({ ...facts, caseId: c?.id ?? null, testReason, contact: to.uri }, 'voice: technical test call to a beacon routed');
    const via = opts.beaconProxy ? { protocol: 'UDP', address: opts.beaconProxy.host, port: opts.beaconProxy.port } : to.flow;
    proxy!.forwardInvite(rq, remote, { uri: to.uri, flow: via }, {
      labels: { beaconId, operatorId: who.operatorId, ...(owner ? { caseId: c!.id } : { testReason }) },
      strip: OURS,
      onFinal: (status, reason) => log.info({ ...facts, status, reason }, 'voice: callback answered by the beacon'),
    });
  }

  async function handle(rq: SipRequest, remote: SipRemote): Promise<void> {
    if (!stack || !proxy || !digest) return;
    if (rq.method === 'ACK') {
      proxy.inDialog(rq);
      return;
    }
    if (rq.method === 'CANCEL') return proxy.cancel(rq);
    if (Number(rq.headers['max-forwards'] ?? 70) <= 0) return stack.reply(rq, 483, 'Too Many Hops');
    if (rq.headers.to?.params?.tag) {
      if (!proxy.inDialog(rq)) stack.reply(rq, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    if (rq.method !== 'INVITE' && rq.method !== 'REGISTER') return stack.reply(rq, 405, 'Method Not Allowed', { headers: { allow: ALLOW } });
    let user: string | null = null;
    try {
      user = await authenticate(rq, remote);
      if (user === null) return;
      if (rq.method === 'REGISTER') return await register(rq, remote, user);
      // The dialog keeps the caller's flow (`remote`): its in-dialog requests go back there.
      if (mint.isConsoleUser(user)) await fromConsole(rq, remote, user);
      else await fromBeacon(rq, remote, user);
    } catch (err) {
      // A database error while deciding: the caller hears it at once rather than after 32 s of silence.
      log.error({ err: err instanceof Error ? err.message : String(err), user, method: rq.method }, 'voice: call not routed: internal error');
      stack.reply(rq, 500, 'Server Internal Error');
    }
  }

  return {
    registrar,
    contacts,
    attach(s, d) {
      stack = s;
      digest = d;
      const p = new SipProxy(s, log, opts);
      proxy = p;
      pruner = setInterval(() => p.dialogs.prune(), 60_000);
      pruner.unref();
      log.info({ host: s.publicAddress, port: s.port }, 'voice: registrar and call routing on the SCAIP port');
    },
    handles: (rq) => VOICE_METHODS.has(rq.method),
    handle,
    noteBeacon(beaconId, crd, messageUri, source) {
      contacts.note(beaconId, crd, messageUri, source);
    },
    credentials(operatorId, sessionId) {
      if (!stack || !digest) return { ok: false, error: { code: 'unavailable', message: "Ce hub n'a pas de port SIP : pas d'appel vocal" } };
      try {
        const c = mint.issue(operatorId, sessionId);
        const host = stack.publicAddress;
        return {
          ok: true,
          credentials: {
            registrar: { host, port: stack.port, transport: 'udp' },
            realm: digest.realm,
            user: c.user,
            password: c.password,
            aor: `sip:${c.user}@${host}:${stack.port}`,
            expiresAt: new Date(c.expiresAtMs).toISOString(),
            maxRegisterExpiresS: MAX_REGISTER_EXPIRES_S,
          },
        };
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err), operatorId }, 'voice: credentials not issued');
        return { ok: false, error: { code: 'internal', message: 'Erreur interne du hub, réessayez' } };
      }
    },
    activeCalls: () => proxy?.dialogs.active().length ?? 0,
    close() {
      if (pruner) clearInterval(pruner);
      proxy?.close();
    },
  };
}

/** A header's text: its bytes arrive one character per byte (server/sip/body.ts); UTF-8 when they are, else Latin-1 as received. */
function headerText(raw: string): string {
  const utf8 = Buffer.from(raw, 'binary').toString('utf8');
  return utf8.includes('\uFFFD') ? raw : utf8;
}

/**
 * REGISTER to a registrar (the hub, or a centre's PBX) with digest, refreshed before the
 * binding expires. One Call-ID for the whole registration, the CSeq rising (RFC 3261
 * §10.2.4); a failed refresh is retried every 30 s and reported, never thrown.
 */
import { createDigestClient } from '../../../server/sip/digest-client';
import { parseUri, type SipRequest, type SipResponse } from '../../../server/sip/stack';
import type { UaContext } from './context';
import { MAX_FORWARDS, newCallId, newTag } from './messages';
import { listeners } from './signal';
import type { RegistrarOptions, RegistrationState } from './types';

const RETRY_MS = 30_000;
const UNREGISTER_WAIT_MS = 2000;

export interface Registration {
  readonly state: RegistrationState;
  register(): Promise<RegistrationState>;
  onChange(listener: (state: RegistrationState) => void): () => void;
  /** Stops refreshing and removes the binding (Expires: 0), waiting at most 2 s. */
  close(): Promise<void>;
}

/** The lifetime the registrar granted: our Contact's expires parameter, else the Expires header. */
export function grantedExpires(rs: SipResponse, contact: string, asked: number): number {
  const contacts = Array.isArray(rs.headers.contact) ? rs.headers.contact : [];
  const mine = contacts.find((c) => {
    const u = typeof c.uri === 'string' ? parseUri(c.uri) : c.uri;
    const ours = parseUri(contact);
    return u && ours && u.host === ours.host && (u.port ?? 5060) === (ours.port ?? 5060) && u.user === ours.user;
  });
  const fromContact = Number(mine?.params?.expires);
  if (Number.isFinite(fromContact) && fromContact > 0) return fromContact;
  const header = Number(rs.headers.expires);
  return Number.isFinite(header) && header > 0 ? header : asked;
}

export function createRegistration(ctx: UaContext, opts: RegistrarOptions): Registration {
  const registrar = parseUri(opts.uri);
  const aor = registrar ? `sip:${opts.user}@${registrar.host}` : '';
  const callId = newCallId(ctx.stack.publicAddress);
  const tag = newTag();
  const auth = createDigestClient({ user: opts.user, password: opts.password });
  const asked = opts.expiresS ?? 300;
  const changed = listeners<RegistrationState>((err) => ctx.onError(err, 'a registration listener'));
  let state: RegistrationState = { state: 'idle' };
  let seq = 1;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let inFlight: Promise<RegistrationState> | null = null;

  function make(expires: number): SipRequest {
    return {
      method: 'REGISTER',
      uri: opts.uri,
      headers: {
        to: { uri: aor },
        from: { uri: aor, params: { tag } },
        'call-id': callId,
        cseq: { method: 'REGISTER', seq: seq++ },
        contact: [{ uri: ctx.contact, params: { expires: String(expires) } }],
        expires,
        'max-forwards': MAX_FORWARDS,
      },
    };
  }

  function send(rq: SipRequest): Promise<SipResponse | null> {
    return new Promise((resolve) => {
      if (!ctx.send(rq, (rs) => rs.status >= 200 && resolve(rs))) resolve(null);
    });
  }

  async function exchange(expires: number): Promise<SipResponse | null> {
    for (let round = 0; ; round++) {
      const rq = make(expires);
      if (auth.ready) auth.sign(rq);
      const rs = await send(rq);
      if (rs && (rs.status === 401 || rs.status === 407) && round < 2 && auth.learn(rs)) continue;
      return rs;
    }
  }

  function set(next: RegistrationState): RegistrationState {
    state = next;
    changed.emit(next);
    return next;
  }

  function schedule(ms: number): void {
    if (timer) clearTimeout(timer);
    if (!closed) timer = setTimeout(() => void register(), ms);
  }

  async function attempt(): Promise<RegistrationState> {
    if (!registrar) return set({ state: 'failed', status: null, reason: `not a SIP URI: ${opts.uri}` });
    const rs = await exchange(asked);
    if (closed) return state;
    if (rs && rs.status >= 200 && rs.status < 300) {
      const expiresS = grantedExpires(rs, ctx.contact, asked);
      // Refresh half way: a lost REGISTER still has time for its own retransmissions and a retry.
      schedule(Math.max(1000, (expiresS / 2) * 1000));
      ctx.log.info({ registrar: opts.uri, expiresS }, 'sip ua: registered');
      return set({ state: 'registered', expiresS, at: Date.now() });
    }
    const reason = rs ? `${rs.status} ${rs.reason}` : `cannot send to ${opts.uri}`;
    ctx.log.warn({ registrar: opts.uri, reason }, 'sip ua: registration failed; retrying in 30 s');
    schedule(RETRY_MS);
    return set({ state: 'failed', status: rs?.status ?? null, reason });
  }

  function register(): Promise<RegistrationState> {
    inFlight ??= attempt().finally(() => (inFlight = null));
    return inFlight;
  }

  return {
    get state() {
      return state;
    },
    register,
    onChange: (l) => changed.on(l),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (state.state !== 'registered') return;
      await Promise.race([exchange(0), new Promise<void>((r) => setTimeout(r, UNREGISTER_WAIT_MS).unref())]);
      state = { state: 'idle' };
    },
  };
}

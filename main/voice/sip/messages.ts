/**
 * Building and reading SIP messages for the user agent. The `sip` package parses headers
 * into objects (NameAddr, Via…) but leaves unknown ones as strings, and builds nothing
 * beyond a bare response: dialogs, ACKs for 2xx, CANCEL and in-dialog requests are ours.
 */
import { parseUri, sipToken, stringifyUri, type SipHeaders, type SipRequest, type SipResponse, type SipUri } from '../../../server/sip/stack';

type NameAddr = NonNullable<SipHeaders['to']>;

export const MAX_FORWARDS = 70;

/** RFC 3261 timers: T1 and T2; 64·T1 is the longest a transaction lives. */
export const T1_MS = 500;
export const T2_MS = 4000;
export interface SipTimers {
  t1Ms: number;
  t2Ms: number;
}

export const newTag = (): string => sipToken(6);
export const newCallId = (host: string): string => `${sipToken(12)}@${host}`;

export function uriText(u: string | SipUri | undefined): string {
  if (u === undefined) return '';
  return typeof u === 'string' ? u : stringifyUri(u);
}

export function tagOf(na: NameAddr | undefined): string | null {
  const tag = na?.params?.tag;
  return typeof tag === 'string' && tag.length > 0 ? tag : null;
}

/** Contact URIs of a message (the package leaves `*` or an unparsable one as a string). */
export function contactUri(m: SipRequest | SipResponse): string | null {
  const c = m.headers.contact;
  if (!Array.isArray(c) || c.length === 0) return null;
  return uriText(c[0]?.uri) || null;
}

/** Record-Route as a route set (reversed for the caller: RFC 3261 §12.1.2). */
export function routeSet(m: SipRequest | SipResponse, reverse: boolean): NameAddr[] {
  const rr = m.headers['record-route'];
  if (!Array.isArray(rr)) return [];
  const copy = (rr as NameAddr[]).map((r) => ({ ...r }));
  return reverse ? copy.reverse() : copy;
}

/** Every header as a string keyed in lower case, for handlers that read custom ones. */
export function flatHeaders(rq: SipRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(rq.headers)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
    else if (name === 'from' || name === 'to') out[name] = uriText((value as NameAddr).uri);
    else if (name === 'cseq') out[name] = `${(value as { seq: number }).seq} ${(value as { method: string }).method}`;
  }
  return out;
}

export function userOf(uri: string): string | null {
  return parseUri(uri)?.user ?? null;
}

/** A syntactically usable SIP URI (the resolver throws on anything else). */
export function isSipUri(uri: string): boolean {
  const u = parseUri(uri);
  return u !== undefined && (u.schema === 'sip' || u.schema === 'sips') && !!u.host;
}

/** A response to a request we received, with our To tag (the package's own adds none). */
export function makeResponse(rq: SipRequest, status: number, reason: string, localTag: string | null, extra?: { headers?: SipHeaders; content?: string }): SipResponse {
  const to = rq.headers.to ? { ...rq.headers.to, params: { ...rq.headers.to.params } } : undefined;
  if (to && localTag && !tagOf(rq.headers.to)) to.params.tag = localTag;
  return {
    status,
    reason,
    version: rq.version,
    headers: { via: rq.headers.via, to, from: rq.headers.from, 'call-id': rq.headers['call-id'], cseq: rq.headers.cseq, ...extra?.headers },
    content: extra?.content,
  };
}

/** The ACK of a 2xx: a new transaction to the remote target, with the INVITE's CSeq number (RFC 3261 §13.2.2.4). */
export function makeAck(invite: SipRequest, ok: SipResponse, remoteTarget: string, route: NameAddr[]): SipRequest {
  return {
    method: 'ACK',
    uri: remoteTarget,
    headers: {
      to: ok.headers.to,
      from: invite.headers.from,
      'call-id': invite.headers['call-id'],
      cseq: { method: 'ACK', seq: invite.headers.cseq?.seq ?? 1 },
      route: route.length ? route : undefined,
      via: [],
      'max-forwards': MAX_FORWARDS,
    },
  };
}

/** CANCEL of an INVITE already sent: same Request-URI, Via (branch) and CSeq number (RFC 3261 §9.1). */
export function makeCancel(invite: SipRequest, target: string): SipRequest {
  const via0 = invite.headers.via?.[0];
  return {
    method: 'CANCEL',
    uri: target,
    headers: {
      via: via0 ? [{ ...via0, params: { ...via0.params } }] : [],
      to: invite.headers.to,
      from: invite.headers.from,
      'call-id': invite.headers['call-id'],
      cseq: { method: 'CANCEL', seq: invite.headers.cseq?.seq ?? 1 },
      route: invite.headers.route,
      'max-forwards': MAX_FORWARDS,
    },
  };
}

export function describe(m: SipRequest | SipResponse): string {
  return 'method' in m && m.method ? `${m.method} ${uriText(m.uri)}` : `${(m as SipResponse).status} ${(m as SipResponse).reason}`;
}

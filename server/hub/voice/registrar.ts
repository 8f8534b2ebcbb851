/**
 * The consoles' registrar (RFC 3261 §10): one binding per operator, the console that
 * registered last. A binding remembers the flow the REGISTER came on (address, port,
 * transport): calls are sent back along it, which works through NAT and whatever host
 * name the console put in its Contact.
 */
import type { SipRemote, SipRequest, SipUri } from '../../sip/stack';
import { stringifyUri } from '../../sip/stack';

export const DEFAULT_REGISTER_EXPIRES_S = 600;
export const MAX_REGISTER_EXPIRES_S = 3600;
export const MIN_REGISTER_EXPIRES_S = 30;

export interface Binding {
  operatorId: string;
  /** The digest user it authenticated as. */
  user: string;
  /** Its Contact URI: the Request-URI of calls sent to it. */
  contact: string;
  /** Where the REGISTER came from: calls go there. */
  flow: SipRemote;
  expiresAtMs: number;
}

export type RegisterOutcome =
  | { kind: 'bound'; binding: Binding; expiresS: number }
  | { kind: 'removed' }
  | { kind: 'query'; binding: Binding | null }
  | { kind: 'bad'; status: number; reason: string; headers?: Record<string, unknown> };

function contactsOf(rq: SipRequest): { uri: string; expires?: number }[] | '*' | null {
  const c = rq.headers.contact;
  if (c === undefined) return [];
  if (typeof c === 'string') return c.trim() === '*' ? '*' : null;
  if (!Array.isArray(c)) return null;
  const out: { uri: string; expires?: number }[] = [];
  for (const h of c) {
    if (!h || (typeof h.uri !== 'string' && typeof h.uri !== 'object')) return null;
    const uri = stringifyUri(h.uri as string | SipUri);
    if (uri === '*') return '*';
    const e = h.params?.expires;
    out.push(e !== undefined && e !== null ? { uri, expires: Number(e) } : { uri });
  }
  return out;
}

export class Registrar {
  private readonly byOperator = new Map<string, Binding>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies an authenticated REGISTER from `operatorId`. */
  register(rq: SipRequest, remote: SipRemote, operatorId: string, user: string): RegisterOutcome {
    const contacts = contactsOf(rq);
    if (contacts === null) return { kind: 'bad', status: 400, reason: 'Bad Contact' };
    const header = rq.headers.expires;
    const headerExpires = header === undefined ? undefined : Number(header);
    if (headerExpires !== undefined && (!Number.isFinite(headerExpires) || headerExpires < 0)) return { kind: 'bad', status: 400, reason: 'Bad Expires' };
    if (contacts === '*') {
      if (headerExpires !== 0) return { kind: 'bad', status: 400, reason: 'Wildcard Contact Needs Expires 0' };
      this.byOperator.delete(operatorId);
      return { kind: 'removed' };
    }
    if (contacts.length === 0) return { kind: 'query', binding: this.lookup(operatorId) };
    // One console per operator: the last contact listed is the one kept.
    const c = contacts[contacts.length - 1]!;
    const asked = c.expires ?? headerExpires ?? DEFAULT_REGISTER_EXPIRES_S;
    if (!Number.isFinite(asked) || asked < 0) return { kind: 'bad', status: 400, reason: 'Bad Expires' };
    if (asked === 0) {
      const current = this.byOperator.get(operatorId);
      if (current && current.contact === c.uri) this.byOperator.delete(operatorId);
      return { kind: 'removed' };
    }
    if (asked < MIN_REGISTER_EXPIRES_S) return { kind: 'bad', status: 423, reason: 'Interval Too Brief', headers: { 'min-expires': MIN_REGISTER_EXPIRES_S } };
    const expiresS = Math.min(Math.floor(asked), MAX_REGISTER_EXPIRES_S);
    const binding: Binding = { operatorId, user, contact: c.uri, flow: { ...remote }, expiresAtMs: this.now() + expiresS * 1000 };
    this.byOperator.set(operatorId, binding);
    return { kind: 'bound', binding, expiresS };
  }

  /** The operator's live binding, or null. */
  lookup(operatorId: string): Binding | null {
    const b = this.byOperator.get(operatorId);
    if (!b) return null;
    if (b.expiresAtMs <= this.now()) {
      this.byOperator.delete(operatorId);
      return null;
    }
    return b;
  }

  /** Drops an operator's binding (session over). */
  remove(operatorId: string): void {
    this.byOperator.delete(operatorId);
  }

  get size(): number {
    return this.byOperator.size;
  }
}

/**
 * A small transaction-stateful SIP proxy on the `sip` package (RFC 3261 §16), written here
 * rather than taken from the package's proxy.js, which runs on the module-global stack
 * (sip.start), forwards to the Request-URI only (a console on this machine would then be
 * taken for one of our own flow tokens: PROTOCOLS.md §3.3, pitfall 3) and keeps no dialogs.
 *
 * - an initial INVITE is forwarded to a target the router chose, along a flow (address and
 *   port) when known, with our Record-Route so the dialog's ACK, BYE and re-INVITEs come
 *   through the hub; responses go back upstream (100 Trying is ours, hop by hop);
 * - CANCEL is answered and passed on once the far end has sent a provisional response;
 *   a call ringing for longer than ringTimeoutMs is cancelled (Timer C, which the package
 *   lacks);
 * - in-dialog requests are forwarded to the other side's flow, only within a dialog we
 *   routed (an unknown one gets 481: the hub is no open relay).
 */
import type { Logger } from 'pino';
import { sipToken, type SipRemote, type SipRequest, type SipResponse, type SipStack, type SipUri } from '../../sip/stack';
import { parseUri, stringifyUri } from '../../sip/stack';
import { Dialogs, type Dialog } from './dialogs';

export interface ProxyTarget {
  /** Request-URI of the forwarded request. */
  uri: string;
  /** Where to send it; null = the Request-URI's host and port. */
  flow: SipRemote | null;
}

export interface ForwardMeta {
  /** Logged and kept on the dialog (case, beacon, operator). */
  labels: Record<string, string>;
  /** Headers set on the forwarded INVITE. */
  headers?: Record<string, string>;
  /** Headers removed from it (ours, not for the far end). */
  strip?: readonly string[];
  /** Each final response (status) once known: for the log and the case history. */
  onFinal?: (status: number, reason: string) => void;
}

export interface ProxyOptions {
  /** A call that rings (1xx) longer than this is cancelled and answered 408 upstream; default 3 min. */
  ringTimeoutMs?: number;
  /** Once cancelled, how long to wait for the far end's final answer before answering 487 ourselves; default 8 s. */
  cancelGraceMs?: number;
}

interface Pending {
  out: SipRequest;
  upstream: SipRequest;
  route: SipUri | null;
  provisional: boolean;
  cancelled: boolean;
  finalSent: boolean;
  timers: NodeJS.Timeout[];
}

const IP_V4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export class SipProxy {
  readonly dialogs = new Dialogs();
  private readonly pending = new Map<string, Pending>();
  private readonly ringTimeoutMs: number;
  private readonly cancelGraceMs: number;
  private readonly recordRoute: string;

  constructor(
    private readonly stack: SipStack,
    private readonly log: Logger,
    opts: ProxyOptions = {},
  ) {
    this.ringTimeoutMs = opts.ringTimeoutMs ?? 180_000;
    this.cancelGraceMs = opts.cancelGraceMs ?? 8_000;
    this.recordRoute = `sip:${stack.publicAddress}:${stack.port};lr`;
  }

  /** A flow route naming where to send: the package sends along it and drops it from the message. */
  private routeTo(target: ProxyTarget): SipUri | null {
    let flow = target.flow;
    if (!flow) {
      const u = parseUri(target.uri);
      if (u?.host && IP_V4.test(u.host)) flow = { protocol: 'UDP', address: u.host, port: u.port ?? 5060 };
    }
    if (!flow) return null;
    return this.stack.raw.encodeFlowUri({ ...flow, protocol: flow.protocol || 'UDP', local: flow.local ?? { address: this.stack.address, port: this.stack.port } });
  }

  /** Whether a Route entry names this hub. */
  isOurs(uri: string | SipUri): boolean {
    const u = parseUri(uri);
    if (!u) return false;
    const host = u.host === this.stack.publicAddress || u.host === this.stack.address;
    return host && (u.port ?? 5060) === this.stack.port;
  }

  private copyFor(rq: SipRequest, target: ProxyTarget, route: SipUri | null, strip: readonly string[] = []): SipRequest {
    const headers: SipRequest['headers'] = { ...rq.headers };
    for (const h of ['authorization', 'proxy-authorization', 'content-length', ...strip]) delete headers[h.toLowerCase()];
    headers.via = (rq.headers.via ?? []).map((v) => ({ ...v, params: { ...v.params } }));
    headers['max-forwards'] = Math.max(0, Number(rq.headers['max-forwards'] ?? 70) - 1);
    const rest = Array.isArray(rq.headers.route) ? rq.headers.route.filter((r) => !this.isOurs(r.uri)) : [];
    const routes = route ? [{ uri: route }, ...rest] : rest;
    if (routes.length) headers.route = routes;
    else delete headers.route;
    return { method: rq.method, uri: target.uri, version: rq.version, headers, content: rq.content };
  }

  private upstream(rs: SipResponse): SipResponse {
    return { status: rs.status, reason: rs.reason, version: rs.version, headers: { ...rs.headers, via: (rs.headers.via ?? []).slice(1) }, content: rs.content };
  }

  private answer(p: Pending, status: number, reason: string): void {
    if (p.finalSent) return;
    p.finalSent = true;
    this.stack.reply(p.upstream, status, reason);
  }

  /** Forwards an initial INVITE (its server transaction is ours); the router already decided and authenticated it. */
  forwardInvite(rq: SipRequest, remote: SipRemote, target: ProxyTarget, meta: ForwardMeta): void {
    const key = pendingKey(rq);
    if (!key || this.pending.has(key)) return;
    this.stack.reply(rq, 100, 'Trying');
    const route = this.routeTo(target);
    const out = this.copyFor(rq, target, route, meta.strip);
    out.headers['record-route'] = [{ uri: this.recordRoute }, ...(Array.isArray(rq.headers['record-route']) ? (rq.headers['record-route'] as unknown[]) : [])];
    for (const [k, v] of Object.entries(meta.headers ?? {})) out.headers[k.toLowerCase()] = v;
    const p: Pending = { out, upstream: rq, route, provisional: false, cancelled: false, finalSent: false, timers: [] };
    this.pending.set(key, p);
    const callId = String(rq.headers['call-id']);
    const dialog = this.dialogs.open(callId, { callerTag: tagOf(rq.headers.from), callerFlow: { ...remote }, calleeTarget: target, labels: meta.labels });
    const done = () => {
      for (const t of p.timers) clearTimeout(t);
      this.pending.delete(key);
    };
    this.stack.raw.send(out, (rs) => {
      if (rs.status < 200) {
        if (rs.status === 100) return;
        if (!p.provisional) {
          p.provisional = true;
          if (p.cancelled) this.sendCancel(p);
          else p.timers.push(setTimeout(() => this.ringTimeout(p), this.ringTimeoutMs));
        }
        if (!p.finalSent) this.stack.raw.send(this.upstream(rs));
        return;
      }
      if (rs.status < 300) {
        // Every 2xx goes up, retransmissions too: the caller's ACK ends them.
        const first = !dialog.confirmed;
        this.dialogs.confirm(dialog, tagOf(rs.headers.to));
        p.finalSent = true;
        this.stack.raw.send(this.upstream(rs));
        if (first) meta.onFinal?.(rs.status, rs.reason);
        done();
        return;
      }
      if (!dialog.confirmed) this.dialogs.drop(dialog);
      if (!p.finalSent) {
        p.finalSent = true;
        this.stack.raw.send(this.upstream(rs));
        meta.onFinal?.(rs.status, rs.reason);
      }
      done();
    });
  }

  private sendCancel(p: Pending): void {
    const via = p.out.headers.via?.[0];
    if (!via) return;
    const cancel: SipRequest = {
      method: 'CANCEL',
      uri: p.out.uri,
      headers: {
        via: [via],
        to: p.out.headers.to,
        from: p.out.headers.from,
        'call-id': p.out.headers['call-id'],
        cseq: { method: 'CANCEL', seq: p.out.headers.cseq!.seq },
        'max-forwards': 70,
        ...(p.route ? { route: [{ uri: p.route }] } : {}),
      },
    };
    this.stack.raw.send(cancel, () => undefined);
    p.timers.push(
      setTimeout(() => {
        // The far end never answered the CANCEL with a final response: the caller is told anyway.
        this.answer(p, 487, 'Request Terminated');
        this.pending.delete(pendingKey(p.upstream) ?? '');
      }, this.cancelGraceMs),
    );
  }

  private ringTimeout(p: Pending): void {
    if (p.finalSent || p.cancelled) return;
    this.log.info({ callId: p.upstream.headers['call-id'] }, 'voice: call rang too long, cancelled');
    p.cancelled = true;
    this.answer(p, 408, 'No Answer');
    this.sendCancel(p);
  }

  /** A CANCEL from upstream: answered here, passed on to the far end. */
  cancel(rq: SipRequest): void {
    const key = pendingKey(rq);
    const p = key ? this.pending.get(key) : undefined;
    if (!p) return this.stack.reply(rq, 481, 'Call/Transaction Does Not Exist');
    this.stack.reply(rq, 200, 'OK');
    if (p.cancelled || p.finalSent) return;
    p.cancelled = true;
    if (p.provisional) this.sendCancel(p);
    else {
      // Nothing heard from the far end yet: a CANCEL may only follow a provisional (RFC 3261 §9.1).
      p.timers.push(setTimeout(() => this.answer(p, 487, 'Request Terminated'), this.cancelGraceMs));
    }
  }

  /** An in-dialog request (Route names us, or the dialog is ours); false when no dialog of ours matches. */
  inDialog(rq: SipRequest): boolean {
    const d = this.dialogs.get(String(rq.headers['call-id'] ?? ''));
    if (!d) return false;
    const fromTag = tagOf(rq.headers.from);
    const toCallee = fromTag !== null && fromTag === d.callerTag;
    const toCaller = fromTag !== null && d.calleeTag !== null && fromTag === d.calleeTag;
    if (!toCallee && !toCaller) return false;
    const target: ProxyTarget = { uri: stringifyUri(rq.uri), flow: toCallee ? d.calleeTarget.flow : d.callerFlow };
    const route = this.routeTo(target);
    const out = this.copyFor(rq, target, route);
    this.dialogs.touch(d);
    if (rq.method === 'ACK') {
      // End to end (the ACK of a 2xx): no transaction, our own Via on top.
      out.headers.via = [{ params: { branch: `z9hG4bK${sipToken()}` } }, ...(out.headers.via ?? [])];
      this.stack.raw.send(out);
      return true;
    }
    this.stack.raw.send(out, (rs) => {
      if (rs.status === 100) return;
      this.stack.raw.send(this.upstream(rs));
      if (rq.method === 'BYE' && rs.status >= 200) this.endDialog(d, toCallee ? 'caller' : 'callee');
    });
    return true;
  }

  private endDialog(d: Dialog, by: 'caller' | 'callee'): void {
    this.log.info({ callId: d.callId, by, ...d.labels, durationMs: d.confirmedAtMs ? Date.now() - d.confirmedAtMs : 0 }, 'voice: call ended');
    this.dialogs.drop(d);
  }

  close(): void {
    for (const p of this.pending.values()) for (const t of p.timers) clearTimeout(t);
    this.pending.clear();
    this.dialogs.clear();
  }
}

function tagOf(h: SipRequest['headers']['from']): string | null {
  const t = h?.params?.tag;
  return typeof t === 'string' && t ? t : null;
}

/** The upstream INVITE transaction a CANCEL belongs to: Call-ID and top Via branch. */
function pendingKey(rq: SipRequest): string | null {
  const branch = rq.headers.via?.[0]?.params?.branch;
  const callId = rq.headers['call-id'];
  return typeof branch === 'string' && typeof callId === 'string' ? `${callId}|${branch}` : null;
}

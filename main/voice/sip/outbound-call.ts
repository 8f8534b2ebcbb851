/**
 * A call we place (UAC INVITE). The `sip` package runs the INVITE transaction; what it
 * leaves to us (PROTOCOLS.md §3.3): the ACK of every 2xx (a retransmitted 200 OK is ACKed
 * again, or the callee keeps retransmitting and then hangs up), digest retries with a new
 * CSeq, a ringing timeout (the package has no Timer C: a call could ring forever) ending
 * in CANCEL, and a 2xx that races our CANCEL (ACKed, then BYE).
 */
import { createDigestClient, type DigestClient } from '../../../server/sip/digest-client';
import { parseUri, type SipRequest, type SipResponse } from '../../../server/sip/stack';
import type { OutboundRoute, UaContext } from './context';
import { createDialog } from './dialog';
import { MAX_FORWARDS, contactUri, isSipUri, makeAck, makeCancel, newCallId, newTag, routeSet, tagOf, uriText } from './messages';
import { listeners, once } from './signal';
import type { CallEnd, Dialog, DialOptions, DialOutcome, DialResult, OutboundCall } from './types';
import { decodeBody, encodeBody } from '../../../server/sip/body';

export const DEFAULT_RING_TIMEOUT_MS = 60_000;

/** A final failure's outcome, as an operator would say it. */
export function outcomeOf(status: number): Exclude<DialOutcome, 'answered' | 'cancelled'> {
  if (status === 486 || status === 600 || status === 603) return 'busy';
  if (status === 408 || status === 480 || status === 487) return 'no-answer';
  if (status === 403) return 'refused';
  return 'failed';
}

/** Why a call to `target` cannot even be tried, or null. */
function whyUnusable(ctx: UaContext, target: string): string | null {
  if (ctx.closing) return 'the SIP user agent is closing';
  if (!isSipUri(target)) return `not a SIP URI: ${uriText(target)}`;
  // The package takes such a URI for one of its own flow tokens and answers 404 without sending (PROTOCOLS.md §3.3, 3).
  if (parseUri(target)?.host === ctx.stack.publicAddress) {
    return `${target} is on the console's own SIP address: give the console's SIP another address (e.g. 127.0.0.2 beside a hub on 127.0.0.1)`;
  }
  return null;
}

export function dialOut(ctx: UaContext, opts: DialOptions): OutboundCall {
  const callId = newCallId(ctx.stack.publicAddress);
  const localTag = newTag();
  const log = ctx.log.child({ callId, target: opts.target });
  const onError = (err: unknown) => ctx.onError(err, 'a call listener');
  const ringing = listeners<{ status: number; remoteSdp: string | null }>(onError);
  const answered = once<Dialog>(onError);
  const ended = once<CallEnd>(onError);
  const auth: DigestClient | null = opts.auth ? createDigestClient(opts.auth) : null;
  let phase: OutboundCall['phase'] = 'calling';
  let seq = 1;
  let current: SipRequest | null = null;
  let provisional = false;
  /** Set when we gave up (timeout, cancel(), closing): what to report, and CANCEL once a 1xx allows it. */
  let giveUp: { outcome: 'no-answer' | 'cancelled'; by: CallEnd['by']; cancelSent: boolean } | null = null;
  let dialog: (Dialog & { shutdown(): Promise<void> }) | null = null;
  let resolveResult!: (r: DialResult) => void;
  const result = new Promise<DialResult>((r) => (resolveResult = r));
  let ringTimer: NodeJS.Timeout | null = null;

  const tracked: OutboundRoute = { shutdown: () => hangup('closed') };
  ctx.outbound.add(tracked);

  function settle(r: DialResult, end?: CallEnd): void {
    if (ringTimer) clearTimeout(ringTimer);
    ringTimer = null;
    resolveResult(r);
    if (end) {
      phase = 'ended';
      ctx.outbound.delete(tracked);
      log.info({ outcome: end.outcome, status: end.status, reason: end.reason }, 'sip ua: call not answered');
      ended.emit(end);
    }
  }

  function fail(outcome: Exclude<DialOutcome, 'answered'>, by: CallEnd['by'], status: number | null, reason: string): void {
    if (phase === 'ended' || phase === 'answered') return;
    settle({ outcome, status, reason }, { outcome, by, status, reason });
  }

  function sendInvite(): void {
    const rq: SipRequest = {
      method: 'INVITE',
      uri: opts.target,
      headers: {
        to: { uri: opts.target },
        from: { uri: ctx.localUri, name: ctx.displayName, params: { tag: localTag } },
        'call-id': callId,
        cseq: { method: 'INVITE', seq: seq++ },
        contact: [{ uri: ctx.contact }],
        'max-forwards': MAX_FORWARDS,
        'content-type': 'application/sdp',
        ...opts.headers,
      },
      content: encodeBody(opts.sdp),
    };
    if (auth?.ready) auth.sign(rq);
    current = rq;
    if (!ctx.send(rq, (rs) => onResponse(rq, rs))) fail('failed', 'local', null, `cannot send to ${opts.target}`);
  }

  function cancelNow(): void {
    if (!giveUp || giveUp.cancelSent || !current || !provisional) return;
    giveUp.cancelSent = true;
    ctx.send(makeCancel(current, opts.target), (rs) => rs.status >= 300 && log.info({ status: rs.status }, 'sip ua: CANCEL refused'));
  }

  function onAnswer(rq: SipRequest, rs: SipResponse): void {
    const target = contactUri(rs) ?? opts.target;
    const route = routeSet(rs, true);
    const tag = tagOf(rs.headers.to) ?? '';
    ctx.send(makeAck(rq, rs, target, route));
    if (dialog || phase === 'ended') {
      // A retransmitted 2xx (our ACK was lost) is only ACKed. An answer after we gave up, or from a
      // second fork of the call, is ACKed and ended at once.
      if (tag !== answeredTag) endLateAnswer(rq, rs, tag, target, route);
      return;
    }
    answeredTag = tag;
    const remoteSdp = decodeBody(rs.content);
    dialog = createDialog(ctx, {
      direction: 'outbound',
      callId,
      localTag,
      remoteTag: tag,
      localAor: { uri: ctx.localUri, name: ctx.displayName },
      remoteAor: { uri: opts.target },
      remoteTarget: target,
      route,
      localSeq: rq.headers.cseq?.seq ?? 1,
      remoteSeq: 0,
      localSdp: opts.sdp,
      remoteSdp,
      peerUri: opts.target,
      auth,
    });
    phase = 'answered';
    log.info('sip ua: call answered');
    settle({ outcome: 'answered', status: rs.status, dialog, remoteSdp });
    dialog.onEnded((end) => {
      phase = 'ended';
      ctx.outbound.delete(tracked);
      ended.emit({ outcome: 'answered', by: end.by, status: null, reason: end.reason });
    });
    answered.emit(dialog);
  }

  let answeredTag: string | null = null;
  const lateAnswers = new Set<string>();
  /** BYE straight away, without a dialog of ours (it would share our tag with the real one). */
  function endLateAnswer(rq: SipRequest, rs: SipResponse, tag: string, target: string, route: ReturnType<typeof routeSet>): void {
    if (lateAnswers.has(tag)) return;
    lateAnswers.add(tag);
    log.info({ tag }, 'sip ua: an answer we no longer want: hanging it up');
    const bye: SipRequest = {
      method: 'BYE',
      uri: target,
      headers: {
        to: rs.headers.to,
        from: rq.headers.from,
        'call-id': callId,
        cseq: { method: 'BYE', seq: (rq.headers.cseq?.seq ?? 1) + 1 },
        route: route.length ? route : undefined,
        'max-forwards': MAX_FORWARDS,
      },
    };
    if (auth?.ready) auth.sign(bye);
    ctx.send(bye, () => {});
  }

  function onResponse(rq: SipRequest, rs: SipResponse): void {
    try {
      if (rs.status >= 200 && rs.status < 300) return onAnswer(rq, rs);
      if (rq !== current) return; // the challenged attempt's last words
      if (rs.status < 200) {
        provisional = true;
        if (giveUp) return cancelNow();
        if (rs.status > 100 && phase === 'calling') phase = 'ringing';
        if (rs.status > 100) ringing.emit({ status: rs.status, remoteSdp: rs.content ? decodeBody(rs.content) : null });
        return;
      }
      if ((rs.status === 401 || rs.status === 407) && auth && !giveUp && seq <= 3 && auth.learn(rs)) {
        provisional = false;
        return sendInvite();
      }
      if (giveUp) return fail(giveUp.outcome, giveUp.by, rs.status, giveUp.outcome === 'cancelled' ? 'cancelled' : 'no answer');
      fail(outcomeOf(rs.status), 'remote', rs.status, rs.reason || `SIP ${rs.status}`);
    } catch (err) {
      ctx.onError(err, `handling ${rs.status} to our INVITE`);
    }
  }

  /** Stops ringing: the outcome is known now, the CANCEL goes out as soon as the transaction allows. */
  function abandon(outcome: 'no-answer' | 'cancelled', by: CallEnd['by'], reason: string): void {
    if (phase === 'ended' || phase === 'answered' || giveUp) return;
    giveUp = { outcome, by, cancelSent: false };
    cancelNow();
    fail(outcome, by, null, reason);
  }

  function hangup(by: CallEnd['by'] = 'local'): Promise<void> {
    if (dialog) return by === 'closed' ? dialog.shutdown() : dialog.hangup();
    abandon('cancelled', by, by === 'closed' ? 'console closing' : 'cancelled');
    return Promise.resolve();
  }

  const unusable = whyUnusable(ctx, opts.target);
  if (unusable) {
    queueMicrotask(() => fail('failed', 'local', null, unusable));
  } else {
    const ringTimeoutMs = opts.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
    ringTimer = setTimeout(() => abandon('no-answer', 'timeout', `no answer within ${Math.round(ringTimeoutMs / 1000)} s`), ringTimeoutMs);
    sendInvite();
  }

  return {
    callId,
    get phase() {
      return phase;
    },
    result,
    onRinging: (l) => ringing.on(l),
    onAnswered: (l) => answered.on(l),
    onEnded: (l) => ended.on(l),
    cancel() {
      void hangup('local');
    },
    hangup: () => hangup('local'),
  };
}

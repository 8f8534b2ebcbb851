/**
 * A call to us (UAS INVITE): handed to the call manager, which rings, accepts with its
 * SDP answer or refuses. A CANCEL from the caller ends it with 487; an INVITE left
 * unanswered is refused before the caller's own transaction gives up, so a forgotten
 * call never lingers.
 */
import type { SipRemote, SipRequest } from '../../../server/sip/stack';
import { decodeBody, encodeBody } from '../../../server/sip/body';
import { inviteKey, type PendingInviteRoute, type UaContext } from './context';
import { createDialog } from './dialog';
import { contactUri, flatHeaders, makeResponse, newTag, routeSet, uriText, userOf } from './messages';
import { once } from './signal';
import type { Dialog, IncomingInvite } from './types';

/** An INVITE nobody answers finally within this is refused 480 (the caller's Timer B is 32 s). */
export const UNANSWERED_LIMIT_MS = 30_000;

export function receiveInvite(ctx: UaContext, rq: SipRequest, remote: SipRemote, handler: ((invite: IncomingInvite) => void) | null): void {
  const callId = rq.headers['call-id'] ?? '';
  const branch = String(rq.headers.via?.[0]?.params.branch ?? '');
  const key = inviteKey(callId, branch);
  const log = ctx.log.child({ callId });
  const localTag = newTag();
  const fromUri = uriText(rq.headers.from?.uri);
  const contentType = String(rq.headers['content-type'] ?? '').toLowerCase();
  const remoteSdp = contentType.startsWith('application/sdp') ? decodeBody(rq.content) : '';

  if (ctx.closing || !handler) {
    ctx.send(makeResponse(rq, 480, ctx.closing ? 'Console Closing' : 'Temporarily Unavailable', localTag));
    return;
  }
  if (!remoteSdp.trim()) {
    // We do not offer in the 2xx (no late offer): say so rather than answer a call without media.
    log.info({ from: fromUri }, 'sip ua: INVITE without SDP offer refused');
    ctx.send(makeResponse(rq, 488, 'SDP Offer Required', localTag));
    return;
  }

  const cancelled = once<void>((err) => ctx.onError(err, 'a cancelled listener'));
  let state: IncomingInvite['state'] = 'pending';
  const limit = setTimeout(() => {
    if (state !== 'pending') return;
    log.warn('sip ua: INVITE left unanswered: refusing it');
    invite.reject(480, 'Not Answered');
  }, UNANSWERED_LIMIT_MS);

  const settle = (next: IncomingInvite['state']): boolean => {
    if (state !== 'pending') {
      log.warn({ state, wanted: next }, 'sip ua: this call was already answered, refused or cancelled');
      return false;
    }
    state = next;
    clearTimeout(limit);
    ctx.pendingInvites.delete(key);
    return true;
  };

  const headers = flatHeaders(rq);
  const invite: IncomingInvite = {
    callId,
    from: { uri: fromUri, user: userOf(fromUri), displayName: rq.headers.from?.name?.replace(/^"|"$/g, '') || null },
    toUri: uriText(rq.headers.to?.uri),
    headers,
    caseId: headers['x-veille-case']?.trim() || null,
    remoteSdp,
    source: { address: remote.address, port: remote.port },
    get state() {
      return state;
    },
    ringing() {
      if (state === 'pending') ctx.send(makeResponse(rq, 180, 'Ringing', localTag, { headers: { contact: [{ uri: ctx.contact }] } }));
    },
    accept(sdp): Dialog {
      if (!settle('accepted')) throw new Error(`call ${callId} is ${state}: it cannot be accepted`);
      const ok = makeResponse(rq, 200, 'OK', localTag, { headers: { contact: [{ uri: ctx.contact }], 'content-type': 'application/sdp' }, content: encodeBody(sdp) });
      const dialog = createDialog(ctx, {
        direction: 'inbound',
        callId,
        localTag,
        remoteTag: String(rq.headers.from?.params?.tag ?? ''),
        localAor: { uri: uriText(rq.headers.to?.uri) },
        remoteAor: { uri: fromUri, name: rq.headers.from?.name },
        remoteTarget: contactUri(rq) ?? fromUri,
        route: routeSet(rq, false),
        localSeq: Math.floor(Math.random() * 10_000) + 1,
        remoteSeq: rq.headers.cseq?.seq ?? 0,
        localSdp: sdp,
        remoteSdp,
        peerUri: fromUri,
        auth: null,
        ok,
      });
      ctx.send(ok);
      log.info({ from: fromUri }, 'sip ua: call accepted');
      return dialog;
    },
    reject(status, reason) {
      if (status < 300 || status > 699) throw new Error(`a refusal needs a status 300–699, not ${status}`);
      if (!settle('rejected')) return;
      log.info({ from: fromUri, status, reason }, 'sip ua: call refused');
      ctx.send(makeResponse(rq, status, reason ?? defaultReason(status), localTag));
    },
    onCancelled: (l) => cancelled.on(l),
  };

  const route: PendingInviteRoute = {
    handleCancel(cancel) {
      ctx.send(makeResponse(cancel, 200, 'OK', localTag));
      if (!settle('cancelled')) return;
      ctx.send(makeResponse(rq, 487, 'Request Terminated', localTag));
      log.info({ from: fromUri }, 'sip ua: caller cancelled');
      cancelled.emit();
    },
    shutdown() {
      if (settle('rejected')) ctx.send(makeResponse(rq, 480, 'Console Closing', localTag));
    },
  };
  ctx.pendingInvites.set(key, route);
  // 100 Trying stops the caller's INVITE retransmissions while the operator decides.
  ctx.send(makeResponse(rq, 100, 'Trying', null));
  log.info({ from: fromUri, caseId: invite.caseId }, 'sip ua: incoming call');
  try {
    handler(invite);
  } catch (err) {
    ctx.onError(err, 'the incoming call handler');
    if (state === 'pending') invite.reject(500, 'Server Internal Error');
  }
}

function defaultReason(status: number): string {
  const reasons: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 480: 'Temporarily Unavailable', 486: 'Busy Here', 488: 'Not Acceptable Here', 500: 'Server Internal Error', 603: 'Decline' };
  return reasons[status] ?? 'Refused';
}

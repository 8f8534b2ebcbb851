/**
 * An established call (RFC 3261 §12): route set, remote target, our CSeq, and the end
 * of the call from either side. On the answering side it also owns the retransmission
 * of our 2xx until the ACK arrives: the `sip` package never retransmits a UAS 2xx
 * (PROTOCOLS.md §3.2), and over UDP a lost 200 OK would otherwise leave the caller
 * ringing while we believe the call is up.
 */
import type { DigestClient } from '../../../server/sip/digest-client';
import type { SipHeaders, SipRequest, SipResponse } from '../../../server/sip/stack';
import { dialogKey, type DialogRoute, type UaContext } from './context';
import { MAX_FORWARDS, makeResponse } from './messages';
import { once } from './signal';
import type { Dialog, DialogEnd } from './types';

type NameAddr = NonNullable<SipHeaders['to']>;

export interface DialogInit {
  direction: 'inbound' | 'outbound';
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From (outbound) or the INVITE's To (inbound), without tag. */
  localAor: NameAddr;
  remoteAor: NameAddr;
  remoteTarget: string;
  route: NameAddr[];
  localSeq: number;
  remoteSeq: number;
  localSdp: string;
  remoteSdp: string;
  peerUri: string;
  /** Signs our in-dialog requests if a proxy challenges them. */
  auth: DigestClient | null;
  /** Inbound: the 2xx to retransmit until the ACK. */
  ok?: SipResponse;
}

/** How long hangup() waits for the answer to its BYE when the UA closes. */
const SHUTDOWN_WAIT_MS = 2000;

export function createDialog(ctx: UaContext, init: DialogInit): Dialog & DialogRoute {
  const log = ctx.log.child({ callId: init.callId });
  const ended = once<DialogEnd>((err) => ctx.onError(err, 'an ended listener'));
  let state: Dialog['state'] = init.ok ? 'awaiting-ack' : 'confirmed';
  let localSeq = init.localSeq;
  let remoteSeq = init.remoteSeq;
  let resolveConfirmed!: (ok: boolean) => void;
  const confirmed = new Promise<boolean>((r) => (resolveConfirmed = r));
  // Our own call: the dialog is confirmed once we have ACKed the 2xx, which is before it exists.
  if (!init.ok) resolveConfirmed(true);
  let retransmit: { timer: NodeJS.Timeout; giveUp: NodeJS.Timeout } | null = null;
  let bye: Promise<void> | null = null;
  const key = dialogKey(init.callId, init.localTag);

  function stopRetransmit(): void {
    if (!retransmit) return;
    clearTimeout(retransmit.timer);
    clearTimeout(retransmit.giveUp);
    retransmit = null;
  }

  /** Our 2xx again at T1, 2·T1… capped at T2, until the ACK; no ACK in 64·T1 ends the call (RFC 3261 §13.3.1.4). */
  function retransmitUntilAck(ok: SipResponse): void {
    stopRetransmit();
    let interval = ctx.timers.t1Ms;
    const again = (): void => {
      ctx.send(ok);
      interval = Math.min(interval * 2, ctx.timers.t2Ms);
      if (retransmit) retransmit.timer = setTimeout(again, interval);
    };
    retransmit = {
      timer: setTimeout(again, interval),
      giveUp: setTimeout(() => {
        retransmit = null;
        log.warn('sip ua: no ACK for our 200 OK: ending the call');
        resolveConfirmed(false);
        void sendBye('timeout', 'no ACK for our 200 OK');
      }, 64 * ctx.timers.t1Ms),
    };
  }

  function finish(end: DialogEnd): void {
    if (state === 'ended') return;
    state = 'ended';
    stopRetransmit();
    resolveConfirmed(false);
    ctx.dialogs.delete(key);
    log.info({ by: end.by, reason: end.reason }, 'sip ua: call ended');
    ended.emit(end);
  }

  function request(method: string): SipRequest {
    return {
      method,
      uri: init.remoteTarget,
      headers: {
        to: { ...init.remoteAor, params: { ...init.remoteAor.params, tag: init.remoteTag } },
        from: { ...init.localAor, params: { ...init.localAor.params, tag: init.localTag } },
        'call-id': init.callId,
        cseq: { method, seq: ++localSeq },
        contact: [{ uri: ctx.contact }],
        route: init.route.length ? init.route.map((r) => ({ ...r })) : undefined,
        'max-forwards': MAX_FORWARDS,
      },
    };
  }

  async function sendBye(by: DialogEnd['by'], reason: string): Promise<void> {
    finish({ by, reason });
    for (let round = 0; round < 3; round++) {
      const rq = request('BYE');
      if (init.auth?.ready) init.auth.sign(rq);
      const rs = await new Promise<SipResponse | null>((resolve) => {
        if (!ctx.send(rq, (r) => r.status >= 200 && resolve(r))) resolve(null);
      });
      if (rs && (rs.status === 401 || rs.status === 407) && init.auth?.learn(rs)) continue;
      if (rs && rs.status >= 300) log.info({ status: rs.status, reason: rs.reason }, 'sip ua: BYE refused (the call is over on our side anyway)');
      return;
    }
  }

  const dialog: Dialog & DialogRoute = {
    callId: init.callId,
    direction: init.direction,
    localSdp: init.localSdp,
    remoteSdp: init.remoteSdp,
    peerUri: init.peerUri,
    get state() {
      return state;
    },
    confirmed,
    hangup() {
      if (bye) return bye;
      if (state === 'ended') return Promise.resolve();
      // The answering side may send BYE only once its 2xx is ACKed (or given up on): RFC 3261 §15.
      bye = (state === 'awaiting-ack' ? confirmed : Promise.resolve(true)).then(() => (state === 'ended' ? undefined : sendBye('local', 'hung up')));
      return bye;
    },
    onEnded: (l) => ended.on(l),
    handleAck() {
      if (state !== 'awaiting-ack') return; // a retransmitted ACK
      stopRetransmit();
      state = 'confirmed';
      resolveConfirmed(true);
    },
    handleRequest(rq) {
      const seq = rq.headers.cseq?.seq ?? 0;
      if (seq < remoteSeq && rq.method !== 'ACK') {
        ctx.send(makeResponse(rq, 500, 'CSeq Out of Order', null));
        return;
      }
      remoteSeq = Math.max(remoteSeq, seq);
      switch (rq.method) {
        case 'BYE':
          ctx.send(makeResponse(rq, 200, 'OK', null));
          finish({ by: 'remote', reason: 'BYE from the peer' });
          return;
        case 'INVITE': {
          // A session refresh or a hold from the peer: we keep our media as is and say so with the same answer.
          const ok = makeResponse(rq, 200, 'OK', null, { headers: { contact: [{ uri: ctx.contact }], 'content-type': 'application/sdp' }, content: init.localSdp });
          ctx.send(ok);
          state = 'awaiting-ack';
          retransmitUntilAck(ok);
          return;
        }
        case 'OPTIONS':
        case 'INFO':
        case 'UPDATE':
        case 'NOTIFY':
          ctx.send(makeResponse(rq, 200, 'OK', null));
          return;
        default:
          ctx.send(makeResponse(rq, 501, 'Not Implemented', null));
      }
    },
    async shutdown() {
      if (state === 'ended') return;
      const done = state === 'awaiting-ack' ? (stopRetransmit(), sendBye('closed', 'console closing')) : sendBye('closed', 'console closing');
      await Promise.race([done, new Promise<void>((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref())]);
    },
  };
  ctx.dialogs.set(key, dialog);
  if (init.ok) retransmitUntilAck(init.ok);
  return dialog;
}

/**
 * The console's SIP user agent on our wrapper over the `sip` package (server/sip/). It
 * routes what the stack hands up: new INVITEs to the call handler, CANCEL to its pending
 * INVITE, ACK and in-dialog requests to their dialog. Nothing a peer sends can throw out
 * of here: malformed or unexpected requests are logged and answered (481, 405, 400).
 */
import { startSipStack, type SipRemote, type SipRequest, type SipStack } from '../../../server/sip/stack';
import { createContext, dialogKey, inviteKey, type UaContext } from './context';
import { receiveInvite } from './inbound-invite';
import { makeResponse, newTag, tagOf, uriText } from './messages';
import { dialOut } from './outbound-call';
import { createRegistration, type Registration } from './registration';
import type { IncomingInvite, RegistrationState, SipUa, SipUaOptions } from './types';

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE';

/** Starts the UA; rejects (SipBindError: address, port and cause in its message) when the port cannot be opened. */
export async function startSipUa(opts: SipUaOptions): Promise<SipUa> {
  if (!/^[\w.+-]+$/.test(opts.user)) throw new Error(`SIP user "${opts.user}" must be letters, digits, dot, dash, plus or underscore`);
  let ctx: UaContext | null = null;
  let handler: ((invite: IncomingInvite) => void) | null = null;
  const log = opts.logger.child({ module: 'sip-ua' });

  const stack: SipStack = await startSipStack(
    { address: opts.host, port: opts.port, publicAddress: opts.publicAddress, udp: true, tcp: false, logger: log },
    (rq, remote) => {
      if (!ctx) return;
      try {
        dispatch(ctx, rq, remote, handler);
      } catch (err) {
        ctx.onError(err, `handling ${String(rq.method)}`);
        if (rq.method !== 'ACK') ctx.send(makeResponse(rq, 500, 'Server Internal Error', null));
      }
    },
  );
  const hostPort = `${stack.publicAddress}:${stack.port}`;
  ctx = createContext({ stack, log, contact: `sip:${opts.user}@${hostPort}`, localUri: `sip:${opts.user}@${hostPort}`, displayName: opts.displayName, timers: opts.timers });
  const registration: Registration | null = opts.registrar ? createRegistration(ctx, opts.registrar) : null;
  log.info({ address: stack.address, port: stack.port, publicAddress: stack.publicAddress }, 'sip ua: listening');
  const c = ctx;

  return {
    local: { address: stack.address, port: stack.port, publicAddress: stack.publicAddress },
    contact: c.contact,
    dial: (d) => dialOut(c, d),
    onInvite(h) {
      handler = h;
    },
    register() {
      if (!registration) return Promise.resolve<RegistrationState>({ state: 'failed', status: null, reason: 'no registrar configured' });
      return registration.register();
    },
    get registration() {
      return registration?.state ?? { state: 'idle' };
    },
    onRegistration: (l) => registration?.onChange(l) ?? (() => {}),
    async close() {
      if (c.closing) return;
      c.closing = true;
      for (const p of [...c.pendingInvites.values()]) p.shutdown();
      await Promise.all([...[...c.outbound].map((o) => o.shutdown()), ...[...c.dialogs.values()].map((d) => d.shutdown()), registration?.close()]);
      await stack.close();
      log.info('sip ua: closed');
    },
  };
}

function dispatch(ctx: UaContext, rq: SipRequest, remote: SipRemote, handler: ((invite: IncomingInvite) => void) | null): void {
  const callId = rq.headers['call-id'];
  ctx.log.trace({ sip: `${rq.method} ${uriText(rq.uri)}`, callId, from: `${remote.address}:${remote.port}` }, 'sip ua: received');
  if (!callId || !rq.headers.cseq || !rq.headers.from || !rq.headers.to) {
    ctx.log.warn({ method: rq.method, from: remote.address }, 'sip ua: request without Call-ID, CSeq, From or To ignored');
    return;
  }
  const toTag = tagOf(rq.headers.to);
  if (rq.method === 'ACK') {
    const dialog = toTag ? ctx.dialogs.get(dialogKey(callId, toTag)) : undefined;
    if (dialog) dialog.handleAck(rq);
    else ctx.log.debug({ callId }, 'sip ua: ACK for no dialog of ours ignored');
    return;
  }
  if (rq.method === 'CANCEL') {
    const pending = ctx.pendingInvites.get(inviteKey(callId, String(rq.headers.via?.[0]?.params.branch ?? '')));
    if (pending) pending.handleCancel(rq);
    else ctx.send(makeResponse(rq, 481, 'Call/Transaction Does Not Exist', newTag()));
    return;
  }
  if (toTag) {
    const dialog = ctx.dialogs.get(dialogKey(callId, toTag));
    if (dialog) dialog.handleRequest(rq);
    else ctx.send(makeResponse(rq, 481, 'Call/Transaction Does Not Exist', null));
    return;
  }
  switch (rq.method) {
    case 'INVITE':
      return receiveInvite(ctx, rq, remote, handler);
    case 'OPTIONS':
      ctx.send(makeResponse(rq, 200, 'OK', newTag(), { headers: { allow: ALLOW, accept: 'application/sdp' } }));
      return;
    case 'BYE':
      ctx.send(makeResponse(rq, 481, 'Call/Transaction Does Not Exist', newTag()));
      return;
    default:
      ctx.log.info({ method: rq.method, from: remote.address }, 'sip ua: method not handled');
      ctx.send(makeResponse(rq, 405, 'Method Not Allowed', newTag(), { headers: { allow: ALLOW } }));
  }
}

/**
 * What the UA's parts share: the stack, our identity, and the tables that route an
 * incoming request to its dialog or its pending INVITE.
 */
import type { Logger } from 'pino';
import type { SipRequest, SipResponse, SipStack } from '../../../server/sip/stack';
import { describe, T1_MS, T2_MS, type SipTimers } from './messages';

export interface DialogRoute {
  /** An in-dialog request other than ACK (BYE, re-INVITE, INFO…). */
  handleRequest(rq: SipRequest): void;
  /** The ACK of our 2xx. */
  handleAck(rq: SipRequest): void;
  /** The UA is closing: end the call (BYE when it can), bounded in time. */
  shutdown(): Promise<void>;
}

export interface PendingInviteRoute {
  handleCancel(cancel: SipRequest): void;
  shutdown(): void;
}

export interface OutboundRoute {
  shutdown(): Promise<void>;
}

export interface UaContext {
  readonly stack: SipStack;
  readonly log: Logger;
  /** Our Contact URI. */
  readonly contact: string;
  /** Our From URI for calls we place. */
  readonly localUri: string;
  readonly displayName: string | undefined;
  readonly timers: SipTimers;
  /** Key: Call-ID + our tag. */
  readonly dialogs: Map<string, DialogRoute>;
  /** INVITEs we received and have not answered finally yet; key: Call-ID + Via branch. */
  readonly pendingInvites: Map<string, PendingInviteRoute>;
  readonly outbound: Set<OutboundRoute>;
  closing: boolean;
  /** Sends without ever throwing into the caller (the resolver throws on a bad URI). */
  send(m: SipRequest | SipResponse, onResponse?: (rs: SipResponse) => void): boolean;
  /** Logs a listener's or handler's exception: a bug there must not take the UA down. */
  onError(err: unknown, what: string): void;
}

export const dialogKey = (callId: string, localTag: string): string => `${callId}\u0000${localTag}`;
export const inviteKey = (callId: string, branch: string): string => `${callId}\u0000${branch}`;

export function createContext(init: { stack: SipStack; log: Logger; contact: string; localUri: string; displayName?: string; timers?: Partial<SipTimers> }): UaContext {
  const { stack, log } = init;
  return {
    stack,
    log,
    contact: init.contact,
    localUri: init.localUri,
    displayName: init.displayName,
    timers: { t1Ms: init.timers?.t1Ms ?? T1_MS, t2Ms: init.timers?.t2Ms ?? T2_MS },
    dialogs: new Map(),
    pendingInvites: new Map(),
    outbound: new Set(),
    closing: false,
    send(m, onResponse) {
      try {
        log.trace({ sip: describe(m), callId: m.headers['call-id'] }, 'sip ua: send');
        const traced = onResponse && ((rs: SipResponse) => (log.trace({ sip: describe(rs), callId: rs.headers['call-id'] }, 'sip ua: response'), onResponse(rs)));
        stack.raw.send(m, traced);
        return true;
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err), msg: describe(m) }, 'sip ua: message not sent');
        return false;
      }
    },
    onError(err, what) {
      log.error({ err: err instanceof Error ? (err.stack ?? err.message) : String(err) }, `sip ua: ${what} failed`);
    },
  };
}

/**
 * The calls the hub routed, by Call-ID: which side called (its From tag and the flow its
 * INVITE came on) and where the far end is, so in-dialog requests (ACK, BYE, re-INVITE)
 * cross the hub to the right side, through NAT, and nothing else does. A call that never
 * got its 2xx is forgotten after a few minutes, an answered one after hours without
 * traffic (a BYE lost with a network cut).
 */
import type { SipRemote } from '../../sip/stack';
import type { ProxyTarget } from './proxy';

export interface Dialog {
  callId: string;
  callerTag: string | null;
  calleeTag: string | null;
  callerFlow: SipRemote;
  calleeTarget: ProxyTarget;
  labels: Record<string, string>;
  confirmed: boolean;
  openedAtMs: number;
  confirmedAtMs: number | null;
  lastSeenMs: number;
}

export const EARLY_DIALOG_TTL_MS = 5 * 60_000;
export const DIALOG_IDLE_TTL_MS = 6 * 60 * 60_000;

export class Dialogs {
  private readonly byCallId = new Map<string, Dialog>();

  constructor(private readonly now: () => number = Date.now) {}

  open(callId: string, d: Pick<Dialog, 'callerTag' | 'callerFlow' | 'calleeTarget' | 'labels'>): Dialog {
    const t = this.now();
    const dialog: Dialog = { callId, calleeTag: null, confirmed: false, openedAtMs: t, confirmedAtMs: null, lastSeenMs: t, ...d };
    this.byCallId.set(callId, dialog);
    return dialog;
  }

  confirm(d: Dialog, calleeTag: string | null): void {
    if (d.confirmed) return;
    d.confirmed = true;
    d.calleeTag = calleeTag;
    d.confirmedAtMs = this.now();
    d.lastSeenMs = d.confirmedAtMs;
  }

  get(callId: string): Dialog | undefined {
    return this.byCallId.get(callId);
  }

  touch(d: Dialog): void {
    d.lastSeenMs = this.now();
  }

  drop(d: Dialog): void {
    if (this.byCallId.get(d.callId) === d) this.byCallId.delete(d.callId);
  }

  prune(): void {
    const t = this.now();
    for (const d of this.byCallId.values()) {
      if (t - d.lastSeenMs > (d.confirmed ? DIALOG_IDLE_TTL_MS : EARLY_DIALOG_TTL_MS)) this.byCallId.delete(d.callId);
    }
  }

  /** Calls in progress (answered and not hung up). */
  active(): Dialog[] {
    return [...this.byCallId.values()].filter((d) => d.confirmed);
  }

  clear(): void {
    this.byCallId.clear();
  }

  get size(): number {
    return this.byCallId.size;
  }
}

/**
 * The console's SIP user agent, as the call manager sees it: dial out, take calls in,
 * hang up, register. Signalling only: the SDP bodies are opaque strings here (built and
 * read by main/voice/media/sdp.ts) and the media flows elsewhere.
 */
import type { Logger } from 'pino';
import type { CallOutcome } from '@shared/contract/voice';

export interface SipUaOptions {
  /** Bind address: explicit, never 0.0.0.0 by default. */
  host: string;
  /** 0 = a free port. */
  port: number;
  /** The address peers reach us at (Via, Contact); default `host`. */
  publicAddress?: string;
  /** Our user part: Contact `sip:<user>@<publicAddress>:<port>` and From. */
  user: string;
  /** Display name in From (the centre's name). */
  displayName?: string;
  logger: Logger;
  /** RFC 3261 T1/T2 for our 2xx retransmission (default 500 ms / 4 s; 64·T1 without ACK ends the call). A network with long round trips may raise T1. */
  timers?: { t1Ms?: number; t2Ms?: number };
  /** Register our Contact there and keep the binding refreshed. */
  registrar?: RegistrarOptions;
}

export interface RegistrarOptions {
  /** e.g. `sip:hub.example:5062` or `sip:10.0.0.5:5062`. */
  uri: string;
  /** The AOR's user (`sip:<user>@<registrar host>`) and the digest user. */
  user: string;
  password: string;
  /** Asked binding lifetime; default 300 s. */
  expiresS?: number;
}

export interface DigestAuth {
  user: string;
  password: string;
}

export interface DialOptions {
  /** `sip:bob@10.0.0.7:5080` (an IP, or a name with `;transport=udp` and a port: the resolver tries SRV first). */
  target: string;
  /** Our SDP offer. */
  sdp: string;
  /** CANCEL when nobody answers within this; counted from the INVITE. Default 60 s. */
  ringTimeoutMs?: number;
  /** Answer 401/407 challenges with these. */
  auth?: DigestAuth;
  /** Extra headers, e.g. `{ 'X-Veille-Test-Reason': '…' }`. */
  headers?: Record<string, string>;
}

/** How a call set-up ended: the contract's outcomes ('refused': 403, the callee or a proxy said no). */
export type DialOutcome = CallOutcome;

export type DialResult =
  | { outcome: 'answered'; status: number; dialog: Dialog; remoteSdp: string }
  | { outcome: Exclude<DialOutcome, 'answered'>; status: number | null; reason: string };

export interface OutboundCall {
  readonly callId: string;
  readonly phase: 'calling' | 'ringing' | 'answered' | 'ended';
  /** Settles once: answered (with the dialog) or how it failed. Never rejects. */
  readonly result: Promise<DialResult>;
  /** A 18x arrived (remoteSdp: early media, if the callee sent an SDP). */
  onRinging(listener: (info: { status: number; remoteSdp: string | null }) => void): () => void;
  onAnswered(listener: (dialog: Dialog) => void): () => void;
  /** Fired once: when the set-up failed, or when the answered call's dialog ended. Late listeners are called too. */
  onEnded(listener: (end: CallEnd) => void): () => void;
  /** Gives up before the answer (CANCEL); after the answer, same as hangup(). */
  cancel(): void;
  /** Ends the call whatever its phase: CANCEL while ringing, BYE once answered. */
  hangup(): Promise<void>;
}

export interface CallEnd {
  outcome: DialOutcome;
  /** Who ended it: us, the peer (BYE or a final failure), a timer, or the UA closing. */
  by: 'local' | 'remote' | 'timeout' | 'closed';
  status: number | null;
  reason: string;
}

export interface DialogEnd {
  by: 'local' | 'remote' | 'timeout' | 'closed';
  reason: string;
}

/** An established call (both directions). */
export interface Dialog {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly localSdp: string;
  readonly remoteSdp: string;
  /** The peer's URI (From of an inbound call, the target of an outbound one). */
  readonly peerUri: string;
  readonly state: 'confirmed' | 'awaiting-ack' | 'ended';
  /** Resolves when the dialog is confirmed (our 2xx ACKed; at once for an outbound call). */
  readonly confirmed: Promise<boolean>;
  /** Sends BYE (after the ACK of our 2xx, as RFC 3261 §15 asks); resolves once answered or given up. */
  hangup(): Promise<void>;
  /** Fired once; late listeners are called too. */
  onEnded(listener: (end: DialogEnd) => void): () => void;
}

export interface IncomingInvite {
  readonly callId: string;
  /** The caller: From URI, its user part and display name. */
  readonly from: { uri: string; user: string | null; displayName: string | null };
  readonly toUri: string;
  /** Every header as a string, names in lower case (e.g. `x-veille-case`). */
  readonly headers: Readonly<Record<string, string>>;
  /** `X-Veille-Case` when the hub set it. */
  readonly caseId: string | null;
  readonly remoteSdp: string;
  /** Where the INVITE came from (the last hop). */
  readonly source: { address: string; port: number };
  readonly state: 'pending' | 'accepted' | 'rejected' | 'cancelled';
  /** 180 Ringing. */
  ringing(): void;
  /** 200 OK with our SDP answer, retransmitted until the ACK. Throws if the call is no longer pending (check `state`: the caller may have cancelled meanwhile). */
  accept(sdp: string): Dialog;
  /** A final refusal, e.g. 486 Busy Here, 603 Decline, 403 with a reason phrase. */
  reject(status: number, reason?: string): void;
  /** The caller gave up (CANCEL) before we answered. Late listeners are called too. */
  onCancelled(listener: () => void): () => void;
}

export type RegistrationState =
  | { state: 'idle' }
  | { state: 'registered'; expiresS: number; at: number }
  | { state: 'failed'; status: number | null; reason: string };

export interface SipUa {
  readonly local: { address: string; port: number; publicAddress: string };
  /** Our Contact URI. */
  readonly contact: string;
  dial(opts: DialOptions): OutboundCall;
  /** The handler of new calls; without one, INVITEs are answered 480. */
  onInvite(handler: (invite: IncomingInvite) => void): void;
  /** Registers now (and keeps refreshing); resolves with the registrar's answer. */
  register(): Promise<RegistrationState>;
  readonly registration: RegistrationState;
  onRegistration(listener: (state: RegistrationState) => void): () => void;
  /** Ends every call (BYE / CANCEL / 480), unregisters, closes the socket. */
  close(): Promise<void>;
}

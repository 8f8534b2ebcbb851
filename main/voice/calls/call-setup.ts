/**
 * Setting calls up, both ways: a call we place (the beacon's callback, a test call, a
 * call-out) and a beacon's own call the hub routes to us. The manager (call-manager.ts) is
 * the CallHost: it keeps the calls, the journal and the audio; here is only the SIP and SDP
 * exchange, and the privacy guard's check of an incoming call.
 */
import type { Logger } from 'pino';
import { ApiError } from '@shared/contract/errors';
import type { CallContact, CallView, VoiceMode } from '@shared/contract/voice';
import type { Case } from '@shared/domain/case';
import { VOICE_SIP_HEADERS } from '@shared/hub-protocol/voice';
import type { HubLink } from '../../hub-link/hub-link';
import type { RtpSession } from '../media/rtp-session';
import type { DialResult, IncomingInvite, OutboundCall } from '../sip';
import { initialBeaconMode, type Call } from './call';
import { answerFor, negotiate, offerFor, startMedia } from './media-setup';
import { mayHearBeaconOfCase } from './privacy-guard';
import type { SessionUa } from './sip-session';
import type { EndedBy, VoiceJournal } from './voice-journal';

/** A beacon's call may arrive just before this console hears that its claim went through. */
const OWNERSHIP_WAIT_MS = 3000;

export interface NewCall {
  caseId: string | null;
  party: Call['party'];
  peer: string;
  contact: CallContact | null;
  testReason: string | null;
  mode: VoiceMode;
  direction: Call['direction'];
  media: RtpSession;
}

/** What the set-up needs of the call manager. */
export interface CallHost {
  readonly link: HubLink;
  readonly journal: VoiceJournal;
  readonly log: Logger;
  openMedia(): Promise<RtpSession>;
  /** Keeps, journals and shows a new call. */
  newCall(d: NewCall): Call;
  /** The call is up: recording, audio, journal, mode digit. */
  connected(call: Call): void;
  finish(call: Call, outcome: NonNullable<Call['outcome']>, by: EndedBy, detail: string | null): void;
  clearDown(call: Call, by: EndedBy, detail?: string | null): Promise<void>;
  changed(): void;
  view(call: Call): CallView;
}

/** Places a call (our offer); answers once dialling began: the outcome follows on voice.calls. */
export async function dialOutCall(h: CallHost, d: {
  s: SessionUa;
  caseId: string | null;
  party: Call['party'];
  peer: string;
  contact: CallContact | null;
  testReason: string | null;
  mode: VoiceMode;
  target: string;
  headers: Record<string, string>;
  ringMs: number;
}): Promise<CallView> {
  const media = await h.openMedia();
  const call = h.newCall({ ...d, direction: 'outbound', media });
  const auth = d.s.credentials ? { user: d.s.credentials.user, password: d.s.credentials.password } : undefined;
  let out: OutboundCall;
  try {
    out = d.s.ua.dial({ target: d.target, sdp: offerFor(media), ringTimeoutMs: d.ringMs, headers: d.headers, ...(auth ? { auth } : {}) });
  } catch (err) {
    h.finish(call, 'failed', 'failed', (err as Error).message);
    throw new ApiError('invalid-argument', `Appel impossible vers ${d.target} : ${(err as Error).message}`);
  }
  call.endSip = () => out.hangup();
  out.onRinging(() => {
    if (call.phase === 'dialling') {
      call.phase = 'ringing';
      h.changed();
    }
  });
  void out.result.then((r) => dialled(h, call, r));
  return h.view(call);
}

function dialled(h: CallHost, call: Call, r: DialResult): void {
  if (call.phase === 'ended') return;
  if (r.outcome !== 'answered') {
    h.log.info({ callId: call.callId, outcome: r.outcome, status: r.status, reason: r.reason }, 'voice: call not answered');
    h.finish(call, r.outcome, 'failed', r.status ? `${r.status} ${r.reason}` : r.reason);
    return;
  }
  try {
    startMedia(call.media!, negotiate(r.remoteSdp));
  } catch (err) {
    h.log.warn({ err, callId: call.callId }, 'voice: unusable SDP answer');
    call.endSip = () => r.dialog.hangup();
    void h.clearDown(call, 'failed', `SDP : ${(err as Error).message}`);
    return;
  }
  call.endSip = () => r.dialog.hangup();
  r.dialog.onEnded((end) => {
    if (end.by === 'remote' || end.by === 'timeout') h.finish(call, 'answered', 'peer', end.reason);
  });
  h.connected(call);
}

/** A beacon's call routed by the hub: answered when the privacy guard allows it, else 403 and journaled. */
export async function takeIncomingCall(h: CallHost, invite: IncomingInvite): Promise<void> {
  const op = h.link.operator;
  const caseId = invite.caseId;
  const beaconId = invite.headers[VOICE_SIP_HEADERS.beaconId.toLowerCase()]?.trim() || invite.from.user || invite.from.uri;
  invite.ringing();
  if (op && caseId) await waitOwnership(h.link, caseId, op.id);
  const known = caseId ? h.link.getCase(caseId) : undefined;
  const verdict = mayHearBeaconOfCase(op, caseId, known, caseId ? h.link.wasClosed(caseId) : false);
  if (!verdict.ok) {
    h.log.warn({ beaconId, caseId, code: verdict.code }, 'voice: incoming call refused by the privacy guard');
    h.journal.refused({ operatorId: op?.id ?? null, caseId, target: beaconId, direction: 'inbound', code: verdict.code, message: verdict.message });
    invite.reject(403, 'Refused by the privacy guard');
    return;
  }
  let media: RtpSession;
  let answer: ReturnType<typeof answerFor>;
  try {
    media = await h.openMedia();
  } catch (err) {
    h.log.error({ err }, 'voice: no RTP port for an incoming call');
    invite.reject(503, 'No Media Port');
    return;
  }
  try {
    answer = answerFor(media, invite.remoteSdp);
  } catch (err) {
    await media.close();
    h.log.warn({ err, beaconId }, 'voice: incoming call with an unusable SDP offer');
    invite.reject(488, 'Not Acceptable Here');
    return;
  }
  if (invite.state !== 'pending') {
    await media.close();
    return;
  }
  const call = h.newCall({ caseId, party: 'beacon', peer: beaconId, contact: null, testReason: null, mode: initialBeaconMode(known!.voiceMode), direction: 'inbound', media });
  const dialog = invite.accept(answer.sdp);
  call.endSip = () => dialog.hangup();
  dialog.onEnded((end) => {
    if (end.by === 'remote' || end.by === 'timeout') h.finish(call, 'answered', 'peer', end.reason);
  });
  startMedia(media, answer.negotiated);
  h.connected(call);
}

/** Waits (a few seconds at most) until the link says this operator owns the case. */
export async function waitOwnership(link: HubLink, caseId: string, operatorId: string): Promise<void> {
  if (link.getCase(caseId)?.owner?.operatorId === operatorId) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, OWNERSHIP_WAIT_MS);
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
    const onCase = (c: Case) => {
      if (c.id === caseId && c.owner?.operatorId === operatorId) done();
    };
    link.on('caseChanged', onCase);
    const off = () => link.off('caseChanged', onCase);
  });
}

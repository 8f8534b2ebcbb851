/**
 * One call as the call manager keeps it: who it is with, its phase and mode, its media
 * and recording, and the listening/talking period under way. The view the renderer sees
 * (CallView) is derived from it; the manager makes every change.
 */
import type { CallContact, CallOutcome, CallParty, CallPhase, CallView, VoiceMode } from '@shared/contract/voice';
import type { RtpSession } from '../media/rtp-session';
import type { CallRecorder } from '../media/recorder';

export interface CallOperator {
  id: string;
  displayName: string;
}

/** A continuous span in one mode while audio flows (connected, not held). */
export interface OpenPeriod {
  mode: VoiceMode;
  startedAt: Date;
}

export interface Call {
  readonly callId: string;
  readonly caseId: string | null;
  readonly party: CallParty;
  /** The beacon's id, or the contact's number. */
  readonly peer: string;
  readonly contact: CallContact | null;
  readonly direction: 'inbound' | 'outbound';
  readonly testReason: string | null;
  /** Who placed or took the call: the journal's operator for all of its events. */
  readonly operator: CallOperator;
  readonly startedAt: Date;
  phase: CallPhase;
  mode: VoiceMode;
  /** Push-to-talk key held (mode ptt). */
  pttDown: boolean;
  bridgedWith: string | null;
  connectedAt: Date | null;
  endedAt: Date | null;
  outcome: CallOutcome | null;
  media: RtpSession | null;
  recorder: CallRecorder | null;
  period: OpenPeriod | null;
  /** The last SCAIP mode digit sent to the beacon (7 simplex listen, 4 duplex), to send only changes. */
  beaconDigit: '7' | '4' | null;
  /** Ends the SIP side (CANCEL before the answer, BYE after); set by whoever set the call up. */
  endSip: () => Promise<void>;
  /** Set once the clear-down has begun: a second hangup waits for the first. */
  ending: Promise<void> | null;
}

/** The microphone is going out to this call's peer right now. */
export function isSending(c: Call): boolean {
  if (c.phase !== 'connected') return false;
  return c.mode === 'talk' || (c.mode === 'ptt' && c.pttDown);
}

/** The mode a case's beacon call starts in: what the hub told the beacon (SCAIP mre), discreet unless duplex. */
export function initialBeaconMode(caseVoiceMode: 'listen' | 'duplex' | 'none' | null): VoiceMode {
  return caseVoiceMode === 'duplex' ? 'talk' : 'listen';
}

/** The SCAIP digit a mode asks of the beacon; mute leaves the beacon as it is. */
export function beaconDigitFor(mode: VoiceMode): '7' | '4' | null {
  if (mode === 'listen') return '7';
  if (mode === 'talk' || mode === 'ptt') return '4';
  return null;
}

export function viewOf(c: Call): CallView {
  return {
    callId: c.callId,
    caseId: c.caseId,
    party: c.party,
    peer: c.peer,
    contact: c.contact,
    direction: c.direction,
    phase: c.phase,
    mode: c.mode,
    sending: isSending(c),
    recording: c.recorder !== null && c.phase !== 'ended',
    testReason: c.testReason,
    bridgedWith: c.bridgedWith,
    startedAt: c.startedAt.toISOString(),
    connectedAt: c.connectedAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
    outcome: c.outcome,
  };
}

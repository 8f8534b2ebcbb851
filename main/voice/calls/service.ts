/**
 * What the host sees of the voice service: one method per voice.* request, plus the
 * two event streams. The call manager (./call-manager.ts) implements it; the host's
 * handlers refuse every voice request while no service is configured.
 */
import type { ParsedArgs, RequestResult } from '@shared/contract/requests';
import type { CallView } from '@shared/contract/voice';
import type { AudioPort } from '../audio-port';

export type VoiceRequestName =
  | 'voice.calls'
  | 'voice.callBeacon'
  | 'voice.testCall'
  | 'voice.setMode'
  | 'voice.ptt'
  | 'voice.beaconVolume'
  | 'voice.hangup'
  | 'voice.callOut'
  | 'voice.bridge'
  | 'voice.recordings';

export type VoiceLevel = { callId: string; peer: number; operator: number };

export interface VoiceService {
  request<K extends VoiceRequestName>(name: K, args: ParsedArgs<K>): Promise<RequestResult<K>>;
  /** Every call of this console after any change. */
  onCalls(listener: (calls: CallView[]) => void): () => void;
  /** Peak levels about ten times a second while a call is live. */
  onLevel(listener: (level: VoiceLevel) => void): () => void;
  /**
   * The renderer's audio (Electron MessagePort, browser-mode socket): the operator hears the
   * calls through it and speaks into them. The last attached wins; the result detaches it.
   */
  attachAudio(port: AudioPort): () => void;
  /** The WAV file of a recording (the transports serve it), or null when unknown. */
  recordingFile(recordingId: string): string | null;
  /** Clears every call down (DTMF 0 then BYE) before the operator leaves: their ends are journaled before the logout. */
  endAllCalls(): Promise<void>;
  /** Clears every call down (DTMF 0 then BYE), then closes the SIP and RTP sockets. */
  stop(): Promise<void>;
}

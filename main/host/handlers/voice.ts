/**
 * voice.*: the operator's calls. The service (main/voice) holds the privacy guard and
 * the journal; here each request is handed over, or refused with a clear message when
 * this console runs without voice.
 */
import { ApiError } from '@shared/contract/errors';
import type { ParsedArgs } from '@shared/contract/requests';
import type { VoiceRequestName, VoiceService } from '../../voice/calls/service';
import type { Emit, Handlers, Services } from '../types';

const VOICE_REQUESTS: readonly VoiceRequestName[] = [
  'voice.calls',
  'voice.callBeacon',
  'voice.testCall',
  'voice.setMode',
  'voice.ptt',
  'voice.beaconVolume',
  'voice.hangup',
  'voice.callOut',
  'voice.bridge',
  'voice.recordings',
];

function requireVoice(s: Services): VoiceService {
  if (!s.voice) throw new ApiError('unknown-method', 'Phonie indisponible : le service vocal de cette console n’est pas démarré.');
  return s.voice;
}

export function voiceFeature(s: Services, emit: Emit): { handlers: Pick<Handlers, VoiceRequestName>; dispose: () => void } {
  const handlers = {} as Record<VoiceRequestName, (args: unknown) => Promise<unknown>>;
  for (const name of VOICE_REQUESTS) {
    handlers[name] = (args) => requireVoice(s).request(name, args as ParsedArgs<typeof name>);
  }
  const offs = s.voice ? [s.voice.onCalls((calls) => emit('voice.calls', { calls })), s.voice.onLevel((level) => emit('voice.level', level))] : [];
  return {
    handlers: handlers as unknown as Pick<Handlers, VoiceRequestName>,
    dispose: () => {
      for (const off of offs) off();
    },
  };
}

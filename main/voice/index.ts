/**
 * The console's voice service: the operator's calls with beacons and outside parties
 * (docs/VOICE.md). Started by the core with the journal and the hub link; the renderer's
 * audio comes in through an AudioPort the transports attach (Electron MessagePort,
 * browser-mode socket).
 */
import type { Logger } from 'pino';
import type { CallView } from '@shared/contract/voice';
import type { HubLink } from '../hub-link/hub-link';
import type { Journal } from '../journal/journal';
import type { AudioPort } from './audio-port';
import { CallManager } from './calls/call-manager';
import { RecordingStore } from './calls/recordings';
import type { VoiceLevel, VoiceRequestName, VoiceService } from './calls/service';
import { SipSession } from './calls/sip-session';
import { VoiceJournal } from './calls/voice-journal';

export type { VoiceService, VoiceLevel } from './calls/service';
export type { AudioPort } from './audio-port';

export interface VoiceOptions {
  dataDir: string;
  journal: Journal;
  link: HubLink;
  logger: Logger;
  /** SIP and RTP bind address (--sip-host). */
  sipHost: string;
  /** SIP port (--sip-port, 0: a free one). */
  sipPort: number;
  /** `sip:host:port` of the trunk for call-outs (--trunk), or null. */
  trunk: string | null;
}

export interface RunningVoice extends VoiceService {
  /** The manager itself (tests reach its router and sessions through it). */
  readonly manager: CallManager;
  readonly sip: SipSession;
}

export function startVoice(o: VoiceOptions): RunningVoice {
  const log = o.logger.child({ component: 'voice' });
  const callListeners = new Set<(calls: CallView[]) => void>();
  const levelListeners = new Set<(l: VoiceLevel) => void>();
  const recordings = new RecordingStore(o.journal.db, o.dataDir);
  const manager = new CallManager({
    link: o.link,
    journal: new VoiceJournal(o.journal, log),
    recordings,
    host: o.sipHost,
    trunk: o.trunk,
    logger: log,
    onCalls: (calls) => callListeners.forEach((l) => l(calls)),
    onLevel: (level) => levelListeners.forEach((l) => l(level)),
  });
  const sip = new SipSession({ host: o.sipHost, port: o.sipPort, link: o.link, logger: log, idle: () => manager.idle() }, (s) => manager.useSession(s));
  const sync = () => sip.sync();
  const onConnected = () => {
    sync();
    void sip.reconnected();
  };
  const onCase = (c: Parameters<CallManager['caseChanged']>[0]) => manager.caseChanged(c);
  const onSnapshot = (cases: Parameters<CallManager['snapshot']>[0]) => {
    sync();
    manager.snapshot(cases);
  };
  o.link.on('connected', onConnected);
  o.link.on('status', sync);
  o.link.on('sessionEnded', sync);
  o.link.on('snapshot', onSnapshot);
  o.link.on('caseChanged', onCase);
  sync();

  const handlers: { [K in VoiceRequestName]: (args: never) => unknown } = {
    'voice.calls': () => ({ calls: manager.views() }),
    'voice.callBeacon': (a: { caseId: string; mode: 'listen' | 'talk' | 'ptt' | 'mute' }) => manager.callBeacon(a.caseId, a.mode),
    'voice.testCall': (a: { beaconId: string; reason: string }) => manager.testCall(a.beaconId, a.reason),
    'voice.setMode': (a: { callId: string; mode: 'listen' | 'talk' | 'ptt' | 'mute' }) => manager.setMode(a.callId, a.mode),
    'voice.ptt': (a: { callId: string; down: boolean }) => manager.ptt(a.callId, a.down),
    'voice.beaconVolume': (a: { callId: string; direction: 'down' | 'up' }) => manager.beaconVolume(a.callId, a.direction),
    'voice.hangup': (a: { callId: string }) => manager.hangup(a.callId),
    'voice.callOut': (a: Parameters<CallManager['callOut']> extends [infer C, infer K] ? { caseId: C; contact: K } : never) => manager.callOut(a.caseId, a.contact),
    'voice.bridge': (a: { callId: string; beaconCallId: string | null }) => manager.bridge(a.callId, a.beaconCallId),
    'voice.recordings': async (a: { caseId: string }) => {
      await manager.recordingsSettled();
      return recordings.listForCase(a.caseId);
    },
  };

  return {
    manager,
    sip,
    async request(name, args) {
      return (await (handlers[name] as (a: typeof args) => unknown)(args)) as never;
    },
    onCalls(l) {
      callListeners.add(l);
      return () => callListeners.delete(l);
    },
    onLevel(l) {
      levelListeners.add(l);
      return () => levelListeners.delete(l);
    },
    attachAudio: (port: AudioPort) => manager.router.attach(port),
    endAllCalls: () => manager.clearAll('logout'),
    recordingFile: (id) => recordings.fileOf(id),
    async stop() {
      o.link.off('connected', onConnected);
      o.link.off('status', sync);
      o.link.off('sessionEnded', sync);
      o.link.off('snapshot', onSnapshot);
      o.link.off('caseChanged', onCase);
      await manager.stop();
      await sip.close();
    },
  };
}

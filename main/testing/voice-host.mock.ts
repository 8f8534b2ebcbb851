/**
 * MockVoiceHost: a contract host holding one live beacon call of an operator's own case,
 * for the audio-path spec only (e2e/operator-audio.spec.ts). That spec measures the page's
 * audio (fake microphone → capture worklet → /audio → main's AudioPort, and back); the call
 * manager, SIP and RTP behind the port have their own tests. Anything else the page asks
 * is answered "unknown-method".
 */
import type { EventEnvelope, RequestEnvelope, ResponseEnvelope } from '@shared/contract/envelope';
import type { CallView, Recording, VoiceMode } from '@shared/contract/voice';
import type { Case } from '@shared/domain/case';
import type { Host } from '../host/host';

const T0 = new Date().toISOString();
const OPERATOR = { id: 'op-1', username: 'op1', displayName: 'Opérateur 1', role: 'operator' as const };

export class MockVoiceHost implements Host {
  readonly case: Case = {
    id: 'case-audio',
    version: 2,
    status: 'claimed',
    kind: 'ppms.intrusion',
    priority: 1,
    drill: false,
    beaconId: 'SN-PPMS-001',
    siteId: 'site-1',
    siteName: 'École Jean Jaurès',
    siteKind: 'school',
    address: '12 rue de la Paix, 44600 Saint-Nazaire',
    position: { lat: 47.2735, lon: -2.2138 },
    occurredAt: T0,
    receivedAt: T0,
    owner: { operatorId: OPERATOR.id, displayName: OPERATOR.displayName },
    claimedAt: T0,
    closedAt: null,
    closureCode: null,
    closureNote: null,
    text: null,
    alarmCount: 1,
    lastAlarmAt: T0,
    voiceMode: 'listen',
    beaconAbort: null,
    beacon: null,
  };
  call: CallView = {
    callId: 'call-audio',
    caseId: this.case.id,
    party: 'beacon',
    peer: this.case.beaconId,
    contact: null,
    direction: 'outbound',
    phase: 'connected',
    mode: 'listen',
    sending: false,
    recording: true,
    testReason: null,
    bridgedWith: null,
    startedAt: T0,
    connectedAt: T0,
    endedAt: null,
    outcome: null,
  };
  readonly modes: VoiceMode[] = [];
  /** The case's recordings (the harness writes the files and serves them). */
  recordings: Recording[] = [];
  private readonly listeners = new Set<(e: EventEnvelope) => void>();

  async handle(env: RequestEnvelope): Promise<ResponseEnvelope> {
    const ok = (result: unknown): ResponseEnvelope => ({ kind: 'res', id: env.id, ok: true, result });
    switch (env.method) {
      case 'session.get':
        return ok({ operator: OPERATOR, hub: { url: 'embedded', demo: true, connected: true, lastError: null } });
      case 'cases.list':
        return ok([this.case]);
      case 'commands.list':
      case 'journal.list':
        return ok([]);
      case 'voice.recordings':
        return ok(this.recordings);
      case 'voice.calls':
        return ok({ calls: [this.call] });
      case 'voice.setMode': {
        const mode = (env.args as { mode: VoiceMode }).mode;
        this.modes.push(mode);
        this.call = { ...this.call, mode, sending: mode === 'talk' };
        this.emit('voice.calls', { calls: [this.call] });
        return ok(this.call);
      }
      case 'voice.ptt': {
        const down = (env.args as { down: boolean }).down;
        this.call = { ...this.call, sending: this.call.mode === 'ptt' && down };
        return ok(this.call);
      }
      default:
        return { kind: 'res', id: env.id, ok: false, error: { code: 'unknown-method', message: `not in this mock: ${env.method}` } };
    }
  }

  onEvent(listener: (e: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
  }

  private emit(event: string, payload: unknown): void {
    for (const l of this.listeners) l({ kind: 'evt', event, payload });
  }
}

/**
 * How a simulated beacon's message reaches the hub: over HTTP like a gateway, or over SCAIP
 * like a beacon (scaip/). The simulator and the flood only know this interface.
 */
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { SimAlarm } from './alarm-mix';
import { sendAlarm } from './sender';

export interface SimMessage {
  alarm: SimAlarm;
  /** The sender's reference: a re-send carries the same one. */
  reference: string;
  occurredAt: string;
}

export interface SendOutcome {
  reference: string;
  /** The hub took it (HTTP 200/202; SCAIP an mrs with snu 0 or 4). */
  acknowledged: boolean;
  /** HTTP: the hub already had it. SCAIP cannot tell: always false. */
  duplicate: boolean;
  /** HTTP only. */
  caseId?: string | null;
  alarmId?: string;
  /** SCAIP only: the mrs status number (0 handled, 4 HOLD, others refused). */
  snu?: number;
}

export interface AlarmTransport {
  readonly name: 'http' | 'scaip';
  /**
   * One delivery attempt of a message; resolves with the hub's answer, rejects with a
   * SendError (./sender) on trouble. A SCAIP beacon then goes on by itself (HOLD polling).
   */
  send(msg: SimMessage): Promise<SendOutcome>;
  /** False for a kind this protocol has no way to say (SCAIP: movement, leaving the site); default true. */
  canSend?(kind: AlarmKind): boolean;
  close(): Promise<void>;
}

/** A gateway posting alarms to the hub's HTTP ingest (the existing path, kept for gateways). */
export function httpTransport(hubUrl: string, gatewayKey: string): AlarmTransport {
  return {
    name: 'http',
    async send(msg) {
      const r = await sendAlarm(hubUrl, gatewayKey, { ...msg.alarm, reference: msg.reference, occurredAt: msg.occurredAt });
      return { reference: msg.reference, acknowledged: true, ...r };
    },
    async close() {},
  };
}

/**
 * What the journal keeps of each call (types voice.* in shared/domain/journal.ts): start,
 * answer, end with outcome and duration, every listening or talking period (start, end,
 * mode, operator), bridges, refusals of the privacy guard, and the recording's SHA-256.
 * A journal failure is logged and never breaks a call.
 */
import { CONSOLE_SYSTEM_OPERATOR } from '@shared/domain/journal';
import type { Journal } from '../../journal/journal';
import type { Logger } from '../../log/logger';
import type { Call, OpenPeriod } from './call';
import type { CallRecording } from '../media/recorder';

/** Why a call ended, as the journal says it. */
export type EndedBy = 'operator' | 'peer' | 'case-closed' | 'case-released' | 'logout' | 'shutdown' | 'failed';

export class VoiceJournal {
  constructor(
    private readonly journal: Journal,
    private readonly log: Logger,
  ) {}

  private append(operatorId: string, caseId: string | null, type: string, payload: Record<string, unknown>): void {
    try {
      this.journal.append({ operatorId, caseId, type, payload });
    } catch (err) {
      this.log.error({ err, type, caseId }, 'voice: journal append failed');
    }
  }

  private base(c: Call): Record<string, unknown> {
    return { callId: c.callId, party: c.party, peer: c.peer, operatorName: c.operator.displayName };
  }

  started(c: Call): void {
    this.append(c.operator.id, c.caseId, 'voice.call-started', {
      ...this.base(c),
      direction: c.direction,
      mode: c.mode,
      ...(c.contact ? { contact: c.contact } : {}),
      ...(c.testReason ? { test: true, reason: c.testReason } : {}),
    });
  }

  answered(c: Call): void {
    this.append(c.operator.id, c.caseId, 'voice.call-answered', { ...this.base(c), answeredAt: c.connectedAt?.toISOString() ?? null });
  }

  ended(c: Call, by: EndedBy, detail: string | null): void {
    const end = c.endedAt ?? new Date();
    this.append(c.operator.id, c.caseId, 'voice.call-ended', {
      ...this.base(c),
      outcome: c.outcome,
      by,
      ...(detail ? { detail } : {}),
      startedAt: c.startedAt.toISOString(),
      endedAt: end.toISOString(),
      /** Talk time (0 when never answered); the ring time is the rest. */
      durationMs: c.connectedAt ? end.getTime() - c.connectedAt.getTime() : 0,
      totalMs: end.getTime() - c.startedAt.getTime(),
    });
  }

  period(c: Call, p: OpenPeriod, endedAt: Date): void {
    this.append(c.operator.id, c.caseId, 'voice.period', {
      ...this.base(c),
      mode: p.mode,
      operatorId: c.operator.id,
      startedAt: p.startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs: endedAt.getTime() - p.startedAt.getTime(),
    });
  }

  bridged(outside: Call, beacon: Call, on: boolean): void {
    this.append(outside.operator.id, outside.caseId, on ? 'voice.bridged' : 'voice.unbridged', { ...this.base(outside), beaconCallId: beacon.callId, beaconId: beacon.peer });
  }

  recorded(c: Call, recordingId: string, r: CallRecording, fileName: string): void {
    this.append(c.operator.id, c.caseId, 'voice.recorded', {
      ...this.base(c),
      recordingId,
      file: fileName,
      sha256: r.sha256,
      durationMs: r.durationMs,
      bytes: r.bytes,
      channels: ['peer', 'operator'],
    });
  }

  refused(input: { operatorId: string | null; caseId: string | null; target: string; direction: 'inbound' | 'outbound'; code: string; message: string; testReason?: string }): void {
    this.append(input.operatorId ?? CONSOLE_SYSTEM_OPERATOR, input.caseId, 'voice.call-refused', {
      target: input.target,
      direction: input.direction,
      code: input.code,
      message: input.message,
      ...(input.testReason ? { reason: input.testReason } : {}),
    });
  }
}

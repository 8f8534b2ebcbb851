/**
 * HTTP JSON ingest (POST /api/v1/alarms), for gateways and other platforms.
 * Idempotent on (gateway, beaconId, reference): a resend makes no second alarm.
 */
import { z } from 'zod';
import { AlarmKind } from '../domain/alarm-kinds';
import { Position } from '../domain/site';

export const AlarmIngest = z
  .object({
    beaconId: z.string().min(1).max(64),
    /** The sender's own id for this alarm; a resend carries the same reference. */
    reference: z.string().min(1).max(128),
    kind: AlarmKind,
    occurredAt: z.iso.datetime({ offset: true }),
    /** Exactly {lat, lon}: an unknown key is refused, not dropped. */
    position: Position.strict().optional(),
    /** Registered drill (PPMS exercise): handled as an exercise, never sent to 17/18. */
    drill: z.boolean().default(false),
    text: z.string().max(500).optional(),
  })
  .strict();
export type AlarmIngest = z.infer<typeof AlarmIngest>;

export const AlarmIngestResult = z.object({
  alarmId: z.string(),
  /** null: the alarm opened and joined no case (a status report, a restore with nothing to restore). */
  caseId: z.string().nullable(),
  duplicate: z.boolean(),
});
export type AlarmIngestResult = z.infer<typeof AlarmIngestResult>;

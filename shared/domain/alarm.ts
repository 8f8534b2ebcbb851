/**
 * One alarm as the hub takes it in, whatever carried it: every ingest path (HTTP
 * gateways, SCAIP beacons, later DC-09) turns its message into this, keeping the
 * message exactly as received in `raw`, and hands it to the same intake.
 */
import { z } from 'zod';
import { AlarmKind } from './alarm-kinds';
import { Position } from './site';

/** `supervision`: raised by the hub itself (a silent beacon, server/hub/supervision). */
export const ALARM_PROTOCOLS = ['http', 'scaip', 'supervision'] as const;
export const AlarmProtocol = z.enum(ALARM_PROTOCOLS);
export type AlarmProtocol = z.infer<typeof AlarmProtocol>;

export const Alarm = z.object({
  /** Ingest path and sender, e.g. "http:<gatewayId>", "scaip:<beaconId>": part of the resend key. */
  source: z.string().min(1).max(128),
  protocol: AlarmProtocol,
  beaconId: z.string().min(1).max(64),
  /** The sender's id for this message; a resend carries the same one (SCAIP `ref`). */
  reference: z.string().min(1).max(128),
  kind: AlarmKind,
  /** When the beacon says it happened (its own clock). */
  occurredAt: z.string(),
  position: Position.nullable(),
  /** Registered drill (PPMS exercise): handled as an exercise, never sent to 17/18. */
  drill: z.boolean(),
  /** Free text for the operator, already sanitised (ingest/normalise.ts). */
  text: z.string().nullable(),
  /**
   * The protocol's own fields an operator or a supervisor may need (SCAIP dty, stc, did,
   * dco, lco, crd…), as short strings; shown under "message details" on the case.
   */
  details: z.record(z.string(), z.string()),
  /** The message exactly as received (decoded body for SCAIP), for audit and replay. */
  raw: z.string(),
});
export type Alarm = z.infer<typeof Alarm>;

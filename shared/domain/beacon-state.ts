/**
 * What the hub knows of one beacon's health (its supervision record), sent with its case so
 * the operator sees at once whether the beacon still talks, its battery and charger, and
 * where it was last. Times are the hub's clock (ISO-8601), never the beacon's: a beacon with
 * a wrong clock must not look alive or dead because of it. `null` = never reported.
 */
import { z } from 'zod';
import { Position } from './site';

/** `unplugged`: the charger is off (e.g. unplugged by cleaning staff for a kettle). */
export const ChargerState = z.enum(['connected', 'unplugged']);
export type ChargerState = z.infer<typeof ChargerState>;

export const MainsState = z.enum(['on', 'lost']);
export type MainsState = z.infer<typeof MainsState>;

export const BeaconState = z.object({
  beaconId: z.string().min(1).max(64),
  /** Last message of any kind (heartbeat, alarm, status). */
  lastSeenAt: z.string().nullable(),
  lastHeartbeatAt: z.string().nullable(),
  /** The heartbeat period the hub expects from this beacon, in seconds (per use, or overridden). */
  heartbeatPeriodS: z.number().int().positive(),
  /** After this, with no message, the beacon is silent ("balise muette"): last sign of life + period + grace. */
  expectedBy: z.string().nullable(),
  /** Set while a silence episode is open: when the hub raised "balise muette". */
  silentSince: z.string().nullable(),
  /** Percent, 0–100. */
  battery: z.number().int().min(0).max(100).nullable(),
  charger: ChargerState.nullable(),
  mains: MainsState.nullable(),
  position: Position.nullable(),
  positionAt: z.string().nullable(),
  /** Radius (metres) the fix is good to, when the beacon says (GPS HDOP or its own estimate): the map's accuracy circle. */
  positionAccuracyM: z.number().nonnegative().max(100_000).nullable().optional(),
  lastSelfTestAt: z.string().nullable(),
  /** Result of that self-test: false = failed. */
  lastSelfTestOk: z.boolean().nullable(),
  /** Last periodic test transmission (SCAIP stc 0102/0103, Contact ID 602). */
  lastTestTransmissionAt: z.string().nullable(),
});
export type BeaconState = z.infer<typeof BeaconState>;

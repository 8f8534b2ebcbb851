/**
 * A case is what the operator handles: it opens on an alarm and carries the
 * hub's version, bumped on every change so a console can detect a missed delta.
 */
import { z } from 'zod';
import { AlarmKind } from './alarm-kinds';
import { BeaconState } from './beacon-state';
import { Position, SiteKind } from './site';

export const CLOSURE_CODES = [
  'real-alarm-escalated',
  'real-alarm-resolved-on-site',
  'false-alarm-handling-error',
  'false-alarm-technical',
  'drill',
  'technical-handled',
  'cancelled-by-site',
] as const;
export const ClosureCode = z.enum(CLOSURE_CODES);
export type ClosureCode = z.infer<typeof ClosureCode>;

export const CaseStatus = z.enum(['open', 'claimed', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseOwner = z.object({ operatorId: z.string(), displayName: z.string() });
export type CaseOwner = z.infer<typeof CaseOwner>;

export const VoiceModeSchema = z.enum(['listen', 'duplex', 'none']);

/** The beacon gave up waiting for the centre (SCAIP `mty=RE`): shown as a mark on the case, which stays open. */
export const BeaconAbort = z.object({ at: z.string(), text: z.string().nullable() });
export type BeaconAbort = z.infer<typeof BeaconAbort>;

export const Case = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  status: CaseStatus,
  kind: AlarmKind,
  priority: z.number().int().min(1).max(4),
  drill: z.boolean(),
  beaconId: z.string(),
  siteId: z.string().nullable(),
  siteName: z.string(),
  siteKind: SiteKind.nullable(),
  address: z.string(),
  position: Position.nullable(),
  /** When the beacon says the alarm happened. */
  occurredAt: z.string(),
  /** When the hub received it: ages and answer times count from here. */
  receivedAt: z.string(),
  owner: CaseOwner.nullable(),
  claimedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closureCode: ClosureCode.nullable(),
  closureNote: z.string().nullable(),
  /** Free text the beacon or gateway sent with the first alarm (e.g. « Individu armé côté cour »). */
  text: z.string().nullable(),
  /**
   * Alarms grouped in this case (same beacon or same site within the hub's grouping
   * window, resends not counted). `kind` and `priority` are those of its most urgent alarm.
   */
  alarmCount: z.number().int().positive(),
  /** When the hub received its latest alarm: a console marks a case it owns when this moves. */
  lastAlarmAt: z.string(),
  /** How the centre talks through the beacon once the case is taken (voiceModeOf(kind); SCAIP `mre`). */
  voiceMode: VoiceModeSchema,
  beaconAbort: BeaconAbort.nullable(),
  /**
   * The beacon's supervision record (last heartbeat, battery, charger, last position) as
   * the hub knew it when it sent the case; null when the beacon was never heard.
   */
  beacon: BeaconState.nullable(),
});
export type Case = z.infer<typeof Case>;

/** Queue order: most urgent priority first, then the oldest first. */
export function compareForQueue(a: Case, b: Case): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortQueue(cases: readonly Case[]): Case[] {
  return cases.filter((c) => c.status !== 'closed').sort(compareForQueue);
}

/** Applies a versioned delta; returns null when the delta is stale (already seen). */
export function applyCaseDelta(current: Case | undefined, next: Case): Case | null {
  if (current && current.version >= next.version) return null;
  return next;
}

/** True when a delta skips versions, so the console must refetch the case. */
export function isVersionGap(current: Case | undefined, next: Case): boolean {
  return current !== undefined && next.version > current.version + 1;
}

/**
 * Seconds within which an open case of this priority should be answered.
 * P1/P2 (life safety): 60 s, the UK telecare code's target. P3: 5 min.
 * P4 (technical faults): 30 min, so a flat battery does not turn the queue red.
 */
export function answerTargetSeconds(priority: number): number {
  if (priority <= 2) return 60;
  if (priority === 3) return 300;
  return 1800;
}

/** Seconds from receipt to claim, fixed once taken; null while nobody has taken it. */
export function claimDelaySeconds(c: Pick<Case, 'receivedAt' | 'claimedAt'>): number | null {
  if (!c.claimedAt) return null;
  const from = Date.parse(c.receivedAt);
  const to = Date.parse(c.claimedAt);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.max(0, Math.floor((to - from) / 1000));
}

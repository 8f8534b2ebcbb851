/**
 * The alarm catalogue: what a beacon can report, whatever protocol carried it
 * (HTTP gateways, SCAIP), grouped by the beacon's use (DESIGN.md §1). Each kind
 * has one priority, one category and one voice mode; protocol mappings
 * (docs/ALARMS.md) turn codes into these kinds and never carry priorities of their own.
 * Priority 1 is the most urgent; the queue sorts by priority, then age.
 */
import { z } from 'zod';

export const ALARM_KINDS = [
  'ppms.intrusion',
  'ppms.confinement',
  'ppms.evacuation',
  'pti.sos',
  'pti.man-down',
  'pti.no-movement',
  'pti.tear-off',
  /** DATI at a reception desk (e.g. the CCAS front desk): a fixed panic button, an agent under threat. */
  'pti.reception-alert',
  'ms70.fire',
  'device.low-battery',
  'device.charger-unplugged',
  'device.charger-restored',
  'device.mains-lost',
  'device.mains-restored',
  'device.self-test-failed',
  'device.self-test-passed',
  'device.test-transmission',
  'device.heartbeat-missed',
  'device.tamper',
  'device.moved',
  /** Its position is outside its site's area: moved without notice, or stolen. */
  'device.left-site',
  /** The beacon's user cancelled, or the sensor restored (SCAIP stc 0019 / 0094). */
  'device.cancelled',
] as const;

export const AlarmKind = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof AlarmKind>;

export type Priority = 1 | 2 | 3 | 4;

/**
 * - `life-safety`: someone may be in danger; opens a case, never closed by the beacon itself.
 * - `technical`: a fault of the beacon or its power; opens a case, a matching restore can close it.
 * - `restore`: a fault is over; closes a matching technical case within the restore window, else joins it.
 * - `status`: routine (self-test passed, periodic test): kept on the beacon's record, opens no case.
 */
export type AlarmCategory = 'life-safety' | 'technical' | 'restore' | 'status';

/**
 * How the centre talks through the beacon once an operator takes the case (SCAIP `mre`):
 * `listen` = the beacon's speaker stays muted (an intruder must not hear the centre),
 * `duplex` = both ways, `none` = no voice call.
 */
export type VoiceMode = 'listen' | 'duplex' | 'none';

interface KindInfo {
  priority: Priority;
  category: AlarmCategory;
  voice: VoiceMode;
}

const CATALOGUE: Record<AlarmKind, KindInfo> = {
  'ppms.intrusion': { priority: 1, category: 'life-safety', voice: 'listen' },
  'ppms.confinement': { priority: 2, category: 'life-safety', voice: 'listen' },
  'ppms.evacuation': { priority: 2, category: 'life-safety', voice: 'duplex' },
  'pti.sos': { priority: 1, category: 'life-safety', voice: 'duplex' },
  'pti.man-down': { priority: 1, category: 'life-safety', voice: 'duplex' },
  'pti.no-movement': { priority: 2, category: 'life-safety', voice: 'duplex' },
  'pti.tear-off': { priority: 2, category: 'life-safety', voice: 'listen' },
  'pti.reception-alert': { priority: 1, category: 'life-safety', voice: 'listen' },
  'ms70.fire': { priority: 1, category: 'life-safety', voice: 'duplex' },
  'device.tamper': { priority: 3, category: 'technical', voice: 'none' },
  'device.moved': { priority: 3, category: 'technical', voice: 'none' },
  'device.left-site': { priority: 3, category: 'technical', voice: 'none' },
  'device.heartbeat-missed': { priority: 3, category: 'technical', voice: 'none' },
  'device.mains-lost': { priority: 3, category: 'technical', voice: 'none' },
  'device.self-test-failed': { priority: 4, category: 'technical', voice: 'none' },
  'device.low-battery': { priority: 4, category: 'technical', voice: 'none' },
  'device.charger-unplugged': { priority: 4, category: 'technical', voice: 'none' },
  'device.charger-restored': { priority: 4, category: 'restore', voice: 'none' },
  'device.mains-restored': { priority: 4, category: 'restore', voice: 'none' },
  'device.cancelled': { priority: 4, category: 'restore', voice: 'none' },
  'device.self-test-passed': { priority: 4, category: 'status', voice: 'none' },
  'device.test-transmission': { priority: 4, category: 'status', voice: 'none' },
};

/**
 * Which open technical kinds a restore ends. `device.cancelled` ends any technical
 * fault of the beacon; no restore ever ends a life-safety case.
 */
const RESTORES: Partial<Record<AlarmKind, readonly AlarmKind[]>> = {
  'device.charger-restored': ['device.charger-unplugged', 'device.low-battery'],
  'device.mains-restored': ['device.mains-lost'],
  'device.cancelled': ALARM_KINDS.filter((k) => CATALOGUE[k].category === 'technical'),
};

/** Life-safety alarms outrank technical ones; a drill never outranks a real alarm. */
export function priorityOf(kind: AlarmKind, drill: boolean): Priority {
  const p = CATALOGUE[kind].priority;
  return drill ? (Math.min(4, p + 1) as Priority) : p;
}

export function categoryOf(kind: AlarmKind): AlarmCategory {
  return CATALOGUE[kind].category;
}

export function voiceModeOf(kind: AlarmKind): VoiceMode {
  return CATALOGUE[kind].voice;
}

/** True when an alarm of this kind opens (or joins) a case in the queue. */
export function opensCase(kind: AlarmKind): boolean {
  const c = CATALOGUE[kind].category;
  return c === 'life-safety' || c === 'technical';
}

/** The technical kinds this restore ends; empty for anything that is not a restore. */
export function restoredKinds(kind: AlarmKind): readonly AlarmKind[] {
  return RESTORES[kind] ?? [];
}

export type BeaconUse = 'ppms' | 'pti' | 'ms70' | 'device';
export function useOf(kind: AlarmKind): BeaconUse {
  return kind.split('.')[0] as BeaconUse;
}

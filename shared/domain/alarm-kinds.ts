/**
 * What a beacon can report, grouped by the beacon's use (DESIGN.md §1).
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
  'ms70.fire',
  'device.low-battery',
  'device.charger-unplugged',
  'device.self-test-failed',
  'device.heartbeat-missed',
  'device.tamper',
  'device.moved',
] as const;

export const AlarmKind = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof AlarmKind>;

export type Priority = 1 | 2 | 3 | 4;

const PRIORITY: Record<AlarmKind, Priority> = {
  'ppms.intrusion': 1,
  'ms70.fire': 1,
  'pti.man-down': 1,
  'pti.sos': 1,
  'ppms.confinement': 2,
  'ppms.evacuation': 2,
  'pti.no-movement': 2,
  'pti.tear-off': 2,
  'device.tamper': 3,
  'device.moved': 3,
  'device.heartbeat-missed': 3,
  'device.self-test-failed': 4,
  'device.low-battery': 4,
  'device.charger-unplugged': 4,
};

/** Life-safety alarms outrank technical ones; a drill never outranks a real alarm. */
export function priorityOf(kind: AlarmKind, drill: boolean): Priority {
  const p = PRIORITY[kind];
  return drill ? (Math.min(4, p + 1) as Priority) : p;
}

export type BeaconUse = 'ppms' | 'pti' | 'ms70' | 'device';
export function useOf(kind: AlarmKind): BeaconUse {
  return kind.split('.')[0] as BeaconUse;
}

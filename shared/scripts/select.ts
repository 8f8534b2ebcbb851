/**
 * Which script a case follows: the most specific one that fits its kind, drill flag,
 * site and the local time. A per-site script beats a general one; a script for this
 * time (school hours, nights, weekends, holidays) beats one for any time. Ties go to
 * the smaller id, so every console picks the same script.
 */
import type { AlarmKind } from '../domain/alarm-kinds';
import type { Schedule, Script } from './schema';

/** The centre's local time, as the console computes it once (deterministic given the instant). */
export interface LocalTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** YYYY-MM-DD, local. */
  date: string;
}

export const CENTRE_TIME_ZONE = 'Europe/Paris';
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localTime(at: string, timeZone = CENTRE_TIME_ZONE): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    weekday: WEEKDAYS.indexOf(get('weekday')),
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
    date: `${get('year')}-${get('month')}-${get('day')}`,
  };
}

/** Public and school holidays, as YYYY-MM-DD days or YYYY-MM-DD..YYYY-MM-DD ranges. */
export function isHoliday(date: string, holidays: readonly string[]): boolean {
  return holidays.some((h) => {
    const [from, to] = h.split('..');
    return to ? date >= (from as string) && date <= to : date === from;
  });
}

/**
 * - school-hours: Monday to Friday, 08:00–18:00, outside holidays (Wednesday afternoons included:
 *   many schools host the leisure centre then).
 * - nights: 20:00–07:00. - weekends: Saturday and Sunday. - holidays: the centre's holiday list.
 */
export function scheduleMatches(schedule: Schedule, t: LocalTime, holidays: readonly string[]): boolean {
  const holiday = isHoliday(t.date, holidays);
  switch (schedule) {
    case 'school-hours':
      return !holiday && t.weekday >= 1 && t.weekday <= 5 && t.minutes >= 8 * 60 && t.minutes < 18 * 60;
    case 'nights':
      return t.minutes >= 20 * 60 || t.minutes < 7 * 60;
    case 'weekends':
      return t.weekday === 0 || t.weekday === 6;
    case 'holidays':
      return holiday;
  }
}

export interface Selection {
  kind: AlarmKind;
  drill: boolean;
  siteId: string | null;
  time: LocalTime;
  holidays: readonly string[];
}

/** The script for this case, or null when none fits (the console then says so). */
export function selectScript(scripts: readonly Script[], q: Selection): Script | null {
  let best: { script: Script; score: number } | null = null;
  for (const script of scripts) {
    if (!script.kinds.includes(q.kind) || script.drill !== q.drill) continue;
    if (script.sites && (q.siteId === null || !script.sites.includes(q.siteId))) continue;
    if (script.when && !script.when.some((w) => scheduleMatches(w, q.time, q.holidays))) continue;
    const score = (script.sites ? 2 : 0) + (script.when ? 1 : 0);
    if (!best || score > best.score || (score === best.score && script.id < best.script.id)) best = { script, score };
  }
  return best?.script ?? null;
}

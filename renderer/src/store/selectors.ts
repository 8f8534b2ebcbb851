/** Pure selectors over the console state; tested without React. */
import { answerTargetSeconds, claimDelaySeconds, sortQueue, type Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { can } from '@shared/domain/permissions';
import { alarmCountOf, lastAlarmAtOf } from './queue-order';
import type { ConsoleState } from './types';

export type PriorityCounts = { 1: number; 2: number; 3: number; 4: number; total: number; unclaimed: number; alarms: number };

// Sorting thousands of cases on every render would be wasteful: the store keeps its queue
// sorted; a bare `{ cases }` (tests, heldBy) is sorted once per `cases` object.
const queueCache = new WeakMap<Record<string, Case>, Case[]>();

export function selectQueue(s: Pick<ConsoleState, 'cases'> & Partial<Pick<ConsoleState, 'queue'>>): Case[] {
  if (s.queue) return s.queue;
  let q = queueCache.get(s.cases);
  if (!q) queueCache.set(s.cases, (q = sortQueue(Object.values(s.cases))));
  return q;
}

const countsCache = new WeakMap<Case[], PriorityCounts>();

export function selectCounts(s: Pick<ConsoleState, 'cases'> & Partial<Pick<ConsoleState, 'queue'>>): PriorityCounts {
  const queue = selectQueue(s);
  let c = countsCache.get(queue);
  if (c) return c;
  c = { 1: 0, 2: 0, 3: 0, 4: 0, total: 0, unclaimed: 0, alarms: 0 };
  for (const k of queue) {
    c[k.priority as 1 | 2 | 3 | 4] += 1;
    c.total += 1;
    c.alarms += alarmCountOf(k);
    if (k.status === 'open') c.unclaimed += 1;
  }
  countsCache.set(queue, c);
  return c;
}

/** The unclaimed cases past their answer target: how many, and the one to take first. */
export type Overdue = { count: number; first: Case | null };

/**
 * Queue order is priority then age, so the first overdue case met is the oldest of the
 * most urgent priority that has any late: the one the warning names.
 */
export function overdueOf(queue: readonly Case[], now: number): Overdue {
  let count = 0;
  let first: Case | null = null;
  for (const c of queue) {
    if (!isOverdue(c, now)) continue;
    count += 1;
    first ??= c;
  }
  return { count, first };
}

/** A site sending more than this many alarms within FLOOD_WINDOW_MS is in flood (ANCHORS §5.8: > 10 per 10 min). */
export const FLOOD_MIN_ALARMS = 10;
export const FLOOD_WINDOW_MS = 10 * 60_000;

export type SiteFlood = { site: string; alarms: number; cases: number };

/**
 * Sites in flood, most alarms first: the alarms of their open cases whose latest alarm is
 * recent. Grouped cases count every alarm they hold (alarmCount), so one big case counts.
 */
export function floodsOf(queue: readonly Case[], now: number): SiteFlood[] {
  const bySite = new Map<string, SiteFlood>();
  for (const c of queue) {
    if (now - Date.parse(lastAlarmAtOf(c)) > FLOOD_WINDOW_MS) continue;
    const key = c.siteName;
    const f = bySite.get(key) ?? { site: key, alarms: 0, cases: 0 };
    f.alarms += alarmCountOf(c);
    f.cases += 1;
    bySite.set(key, f);
  }
  return [...bySite.values()].filter((f) => f.alarms > FLOOD_MIN_ALARMS).sort((a, b) => b.alarms - a.alarms || (a.site < b.site ? -1 : 1));
}

/** Unclaimed life-safety cases (P1/P2) keep the alert sound repeating. */
export function selectUrgentUnclaimed(s: Pick<ConsoleState, 'cases'>): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  for (const k of selectQueue(s)) {
    if (k.status !== 'open') continue;
    if (k.priority === 1) return 1;
    if (k.priority === 2) best = 2;
  }
  return best;
}

/** Cases this operator holds (claimed, not closed), in queue order. */
export function heldBy(cases: Record<string, Case>, operatorId: string | null): Case[] {
  if (!operatorId) return [];
  return selectQueue({ cases }).filter((c) => c.status === 'claimed' && c.owner?.operatorId === operatorId);
}

export function selectOpenCase(s: Pick<ConsoleState, 'cases' | 'openCaseId'>): Case | null {
  return s.openCaseId ? (s.cases[s.openCaseId] ?? null) : null;
}

export type Ownership = 'none' | 'mine' | 'other' | 'closed';

export function ownershipOf(c: Case, me: Operator | null): Ownership {
  if (c.status === 'closed') return 'closed';
  if (!c.owner) return 'none';
  return me && c.owner.operatorId === me.id ? 'mine' : 'other';
}

/** Who may release or close a case someone else holds: the role table the hub enforces. */
export function canTakeOver(me: Operator | null): boolean {
  return can(me?.role, 'case.release.any');
}

/** Seconds since the hub received the case; never negative even with clock skew. */
export function ageSeconds(c: Pick<Case, 'receivedAt'>, now: number): number {
  const t = Date.parse(c.receivedAt);
  return Number.isFinite(t) ? Math.max(0, Math.floor((now - t) / 1000)) : 0;
}

/** An unclaimed case past its priority's answer target (60 s for P1/P2, longer below). */
export function isOverdue(c: Case, now: number): boolean {
  return c.status === 'open' && ageSeconds(c, now) >= answerTargetSeconds(c.priority);
}

/**
 * The waiting time shown for a case: live while nobody has taken it, then
 * frozen at the claim delay (receipt → claim), the figure supervisors report on.
 * A case closed without ever being claimed keeps its wait up to the closure.
 */
export type Wait = { kind: 'waiting' | 'claimDelay'; seconds: number };

export function waitOf(c: Case, now: number): Wait {
  const delay = claimDelaySeconds(c);
  if (c.status !== 'open' && delay !== null) return { kind: 'claimDelay', seconds: delay };
  const until = c.status === 'closed' && c.closedAt ? Date.parse(c.closedAt) || now : now;
  return { kind: 'waiting', seconds: ageSeconds(c, until) };
}

/** mm:ss under an hour, then « 1 h 05 », then « 2 j 03 h ». */
export function formatAge(seconds: number, dayUnit = 'j'): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))}`;
  return `${Math.floor(s / 86_400)} ${dayUnit} ${pad(Math.floor((s % 86_400) / 3600))} h`;
}

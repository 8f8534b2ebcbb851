/**
 * The queue kept in order as deltas arrive. Re-sorting every case on each batch made a
 * flood cost O(n log n) string comparisons per 16 ms frame; here a batch only takes its
 * changed cases out and puts them back in place by binary search.
 */
import { compareForQueue, sortQueue, type Case } from '@shared/domain/case';

/** Past this share of changed cases, one full sort is cheaper than many insertions. */
const RESORT_SHARE = 0.25;

/** Alarms grouped in a case; 1 for a case from a hub that does not say (older hubs). */
export function alarmCountOf(c: Case): number {
  const n = (c as { alarmCount?: unknown }).alarmCount;
  return typeof n === 'number' && n > 0 ? n : 1;
}

/** When the case's latest alarm reached the hub (its receipt for a hub that does not say). */
export function lastAlarmAtOf(c: Case): string {
  const at = (c as { lastAlarmAt?: unknown }).lastAlarmAt;
  return typeof at === 'string' && at ? at : c.receivedAt;
}

function insertionIndex(queue: Case[], c: Case): number {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareForQueue(queue[mid]!, c) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `previous` (sorted) with the `changed` ids taken from `cases` again; closed cases leave. */
export function queueWith(previous: Case[], cases: Record<string, Case>, changed: readonly string[]): Case[] {
  if (changed.length === 0) return previous;
  if (previous.length === 0 || changed.length > previous.length * RESORT_SHARE) return sortQueue(Object.values(cases));
  const ids = new Set(changed);
  const next = previous.filter((c) => !ids.has(c.id));
  for (const id of ids) {
    const c = cases[id];
    if (c && c.status !== 'closed') next.splice(insertionIndex(next, c), 0, c);
  }
  return next;
}

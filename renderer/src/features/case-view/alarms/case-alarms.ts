/**
 * The case's alarms as the case view lists them, from its history: the hub writes one
 * `alarm.received` entry per alarm it groups in the case (kind, time, text, details), so the
 * list needs no request of its own and stays live with the history's pushes.
 */
import type { CaseHistoryEntry } from '@shared/domain/case-history';

export interface CaseAlarmItem {
  id: string;
  /** When the hub received it. */
  at: string;
  kind: string | null;
  beaconId: string | null;
  text: string | null;
  /** Protocol fields (SCAIP stc, dty…), in the order sent. */
  details: [string, string][];
  drill: boolean;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function detailsOf(v: unknown): [string, string][] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** Newest first: the operator looks for what just came in. */
export function caseAlarms(entries: readonly CaseHistoryEntry[]): CaseAlarmItem[] {
  return entries
    .filter((e) => e.source === 'hub' && e.type === 'alarm.received')
    .map((e) => {
      const p = e.payload ?? {};
      return { id: e.id, at: e.at, kind: str(p.kind), beaconId: str(p.beaconId), text: str(p.text), details: detailsOf(p.details), drill: p.drill === true };
    })
    .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

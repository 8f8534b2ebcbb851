/**
 * Reads a case's history: the hub's own case events and every console's
 * journal events about the case, as one list of CaseHistoryEntry in time
 * order. Names come from the accounts table (a console event carries only the
 * operator's id; its payload's operatorName is the fallback).
 */
import type { Selectable } from 'kysely';
import { compareHistory, MAX_CASE_HISTORY_ENTRIES, type CaseHistoryEntry, type HistoryActor } from '@shared/domain/case-history';
import type { JournalEvent } from '@shared/domain/journal';
import type { HubDb } from '../db/database';
import type { CaseEventsTable } from '../db/schema';

const NAME_MAX = 200;

function parsePayload(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function caseEventEntry(r: Selectable<CaseEventsTable>): CaseHistoryEntry {
  return {
    id: r.id,
    at: r.at,
    source: 'hub',
    type: r.type,
    actor: r.actor_id ? { operatorId: r.actor_id, displayName: (r.actor_name ?? r.actor_id).slice(0, NAME_MAX) } : null,
    payload: parsePayload(r.payload),
  };
}

type ConsoleEvent = Pick<JournalEvent, 'id' | 'at' | 'operatorId' | 'type' | 'consoleId' | 'payload'>;

function actorOf(e: ConsoleEvent, names: Map<string, string>): HistoryActor {
  const fromPayload = e.payload?.operatorName;
  const name = names.get(e.operatorId) ?? (typeof fromPayload === 'string' && fromPayload ? fromPayload : e.operatorId);
  return { operatorId: e.operatorId, displayName: name.slice(0, NAME_MAX) };
}

export function journalEntry(e: ConsoleEvent, names: Map<string, string>): CaseHistoryEntry {
  return { id: e.id, at: e.at, source: 'console', type: e.type, actor: actorOf(e, names), consoleId: e.consoleId, payload: e.payload };
}

/** Display names of these operators, from the accounts table (removed accounts are absent). */
export async function displayNames(db: HubDb, operatorIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(operatorIds)];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids.slice(i, i + 200)).execute();
    for (const r of rows) names.set(r.id, r.display_name);
  }
  return names;
}

/** The hub's case events that gave a case this version (what to push once it is broadcast). */
export async function caseEventsAtVersion(db: HubDb, caseId: string, version: number): Promise<CaseHistoryEntry[]> {
  const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('case_version', '=', version).orderBy('id').execute();
  return rows.map(caseEventEntry);
}

/** The case's history, oldest first; past `limit` entries, the most recent ones and `truncated`. */
export async function readCaseHistory(
  db: HubDb,
  caseId: string,
  limit = MAX_CASE_HISTORY_ENTRIES,
): Promise<{ entries: CaseHistoryEntry[]; truncated: boolean }> {
  const hubRows = await db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const journalRows = await db
    .selectFrom('journal')
    .select(['id', 'at', 'operator_id', 'type', 'console_id', 'payload'])
    .where('case_id', '=', caseId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const consoleEvents: ConsoleEvent[] = journalRows.map((r) => ({
    id: r.id,
    at: r.at,
    operatorId: r.operator_id,
    type: r.type,
    consoleId: r.console_id,
    payload: parsePayload(r.payload),
  }));
  const names = await displayNames(db, consoleEvents.map((e) => e.operatorId));
  const all = [...hubRows.map(caseEventEntry), ...consoleEvents.map((e) => journalEntry(e, names))].sort(compareHistory);
  const truncated = all.length > limit;
  return { entries: truncated ? all.slice(all.length - limit) : all, truncated };
}

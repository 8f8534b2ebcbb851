/**
 * The case history as the view holds it: the answer to `cases.history`, then
 * every `cases.history` event for the same case merged in by id (an entry once
 * at the hub never turns pending again; see mergeHistory).
 */
import { mergeHistory, type CaseHistoryEntry, type CaseHistoryView } from '@shared/domain/case-history';

export interface HistoryState {
  entries: CaseHistoryEntry[];
  /** false: the hub's history could not be read; only this console's events are shown. */
  hubAvailable: boolean;
  status: 'loading' | 'ready' | 'failed';
}

export const initialHistory: HistoryState = { entries: [], hubAvailable: true, status: 'loading' };

/** Folds an answer or a pushed event in; a view of another case changes nothing. */
export function applyView(s: HistoryState, caseId: string, v: CaseHistoryView, answer: boolean): HistoryState {
  if (v.caseId !== caseId) return s;
  return {
    entries: mergeHistory(s.entries, v.entries),
    hubAvailable: v.hubAvailable ?? s.hubAvailable,
    status: answer ? 'ready' : s.status,
  };
}

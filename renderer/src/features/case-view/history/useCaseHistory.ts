/** Asks for a case's history and keeps it live from `cases.history` events while the case is on screen. */
import { useEffect, useState } from 'react';
import { useApi } from '../../../api/context';
import { applyView, initialHistory, type HistoryState } from './history-state';

export function useCaseHistory(caseId: string): HistoryState {
  const api = useApi();
  const [state, setState] = useState<HistoryState>(initialHistory);

  useEffect(() => {
    let live = true;
    setState(initialHistory);
    // Subscribed before asking: an entry pushed while the answer travels is merged, not lost.
    const off = api.on('cases.history', (v) => {
      if (live) setState((s) => applyView(s, caseId, v, false));
    });
    api.invoke('cases.history', { caseId }).then(
      (v) => live && setState((s) => applyView(s, caseId, v, true)),
      (err: unknown) => {
        console.error('[veille] cases.history failed', err);
        if (live) setState((s) => ({ ...s, status: 'failed' }));
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [api, caseId]);

  return state;
}

/**
 * Case commands (claim, release, close). The host's answer is applied to the
 * store at once (its version guards against the later event); a refusal is
 * kept in the store so whichever view is showing the case can explain it.
 */
import type { ApiClient } from '@shared/contract';
import type { Case, ClosureCode } from '@shared/domain/case';
import type { ConsoleStore } from '../../store/store';
import type { CaseAction } from '../../store/ui-slice';

async function run(store: ConsoleStore, caseId: string, action: CaseAction, call: () => Promise<Case>): Promise<boolean> {
  const s = store.getState();
  if (s.pending) return false; // one command at a time: no double claim from a double key press
  s.setPending({ caseId, action });
  s.setActionError(null);
  try {
    store.getState().applyCases([await call()]);
    return true;
  } catch (error) {
    console.warn(`[veille] ${action} ${caseId} failed`, error);
    store.getState().setActionError({ caseId, action, error });
    return false;
  } finally {
    store.getState().setPending(null);
  }
}

export const claimCase = (api: ApiClient, store: ConsoleStore, caseId: string) =>
  run(store, caseId, 'claim', () => api.invoke('cases.claim', { caseId }));

export const releaseCase = (api: ApiClient, store: ConsoleStore, caseId: string) =>
  run(store, caseId, 'release', () => api.invoke('cases.release', { caseId }));

export const closeCase = (api: ApiClient, store: ConsoleStore, caseId: string, closureCode: ClosureCode, note?: string) =>
  run(store, caseId, 'close', () =>
    api.invoke('cases.close', { caseId, closureCode, ...(note?.trim() ? { note: note.trim() } : {}) }),
  );

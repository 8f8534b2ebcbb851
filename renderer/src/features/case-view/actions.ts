/**
 * Case commands (claim, release, close). An applied command's case is put in
 * the store at once (its version guards against the later event); a command
 * still waiting for the hub is shown as such by the case view and the top bar
 * (features/pending-commands); a refusal is kept in the store so whichever
 * view is showing the case can explain it.
 */
import type { ApiClient, CommandResult } from '@shared/contract';
import type { ClosureCode } from '@shared/domain/case';
import { toApiError } from '../../platform/errors';
import type { ConsoleStore } from '../../store/store';
import type { CaseAction } from '../../store/ui-slice';

/** True when the command was applied or queued (the operator's part is done), false when refused. */
async function run(store: ConsoleStore, caseId: string, action: CaseAction, call: () => Promise<CommandResult>): Promise<boolean> {
  const s = store.getState();
  if (s.pending) return false; // one command at a time: no double claim from a double key press
  s.setPending({ caseId, action });
  s.setActionError(null);
  try {
    const result = await call();
    if (result.state === 'applied') store.getState().applyCases([result.case]);
    return true;
  } catch (error) {
    console.warn(`[veille] ${action} ${caseId} failed`, error);
    // Said here, where it was asked: the pending-commands list need not say it again.
    const commandId = toApiError(error).details?.commandId;
    if (typeof commandId === 'string') store.getState().dismissRefusal(commandId);
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

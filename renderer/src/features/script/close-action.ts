/**
 * Closing a case through its script (scripts.close): the engine refuses an early close
 * without a reason, a life-safety false alarm without a note, a code that does not fit.
 * Then focus goes to the next alarm waiting, so the operator's next key acts on it.
 */
import type { ApiClient } from '@shared/contract';
import type { ClosureCode } from '@shared/domain/case';
import { toApiError } from '../../platform/errors';
import { selectQueue } from '../../store/selectors';
import type { ConsoleStore } from '../../store/store';
import { useCloseRequest } from './close-request';

export async function closeThroughScript(api: ApiClient, store: ConsoleStore, caseId: string, code: ClosureCode, note: string, reason: string): Promise<boolean> {
  const s = store.getState();
  if (s.pending) return false;
  s.setPending({ caseId, action: 'close' });
  s.setActionError(null);
  useCloseRequest.getState().clearRefusal();
  try {
    const { result } = await api.invoke('scripts.close', {
      caseId,
      closureCode: code,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(reason.trim() ? { overrideReason: reason.trim() } : {}),
    });
    if (result.state === 'applied') store.getState().applyCases([result.case]);
    return true;
  } catch (error) {
    console.warn(`[veille] close ${caseId} refused`, error);
    const refused = toApiError(error);
    // The engine's refusal (open steps, missing note): said in the dialog, in its own words.
    if (refused.details?.script === true) {
      useCloseRequest.getState().refuse(caseId, refused.message);
      return false;
    }
    const commandId = toApiError(error).details?.commandId;
    if (typeof commandId === 'string') store.getState().dismissRefusal(commandId);
    store.getState().setActionError({ caseId, action: 'close', error });
    return false;
  } finally {
    store.getState().setPending(null);
  }
}

/** Puts the cursor and focus on the next alarm nobody has taken (else the first in the queue), once the dialog is gone. */
export function focusNextAlarm(store: ConsoleStore, closedId: string): void {
  const queue = selectQueue(store.getState()).filter((c) => c.id !== closedId);
  const next = queue.find((c) => c.status === 'open') ?? queue[0];
  if (!next) return;
  store.getState().setCursor(next.id);
  store.getState().openCase(next.id);
  // After React has rendered the row and the dialog has given focus back.
  setTimeout(() => document.querySelector<HTMLElement>(`[data-case-id="${CSS.escape(next.id)}"]`)?.focus(), 0);
}

/**
 * Logging out, and releasing the operator's cases first when asked. Releases
 * run one after the other and each answer is applied to the store at once; the
 * ones the hub refuses are reported by case, and the operator stays logged in
 * so nothing is left held by someone who believes they released it.
 */
import { ApiError, type ApiClient } from '@shared/contract';
import type { Case } from '@shared/domain/case';
import type { ConsoleStore } from '../../store/store';

export type ReleaseFailure = { c: Case; error: unknown };

export async function releaseEach(api: ApiClient, store: ConsoleStore, cases: readonly Case[]): Promise<ReleaseFailure[]> {
  const failures: ReleaseFailure[] = [];
  for (const c of cases) {
    try {
      const result = await api.invoke('cases.release', { caseId: c.id });
      // Queued (hub away): not released yet, so the operator must not leave believing it is.
      if (result.state !== 'applied') throw new ApiError('hub-unreachable', 'Relâche en attente du hub.', { commandId: result.commandId });
      store.getState().applyCases([result.case]);
    } catch (error) {
      console.warn(`[veille] release ${c.id} before logout failed`, error);
      failures.push({ c, error });
    }
  }
  return failures;
}

/** Throws when the host did not confirm; the session it answers becomes the store's. */
export async function logOut(api: ApiClient, store: ConsoleStore): Promise<void> {
  store.getState().setSession(await api.invoke('session.logout', {}));
}

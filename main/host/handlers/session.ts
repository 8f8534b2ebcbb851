/** session.*: who is at the console, and the hub link state. */
import { ApiError } from '@shared/contract/errors';
import type { SessionState } from '@shared/contract/requests';
import type { Emit, Handlers, Services } from '../types';

const LOGOUT_FLUSH_MS = 2000;

export function sessionHandlers(s: Services, emit: Emit): Pick<Handlers, 'session.get' | 'session.login' | 'session.logout'> {
  const state = (): SessionState => ({ operator: s.link.operator, hub: s.link.status() });

  async function logout(reason: string): Promise<void> {
    const op = s.link.operator;
    if (!op) return;
    s.journal.append({ operatorId: op.id, caseId: null, type: 'session.logout', payload: { reason } });
    // Best effort: the events left over stay in the outbox for the next login.
    await s.outbox.flush(LOGOUT_FLUSH_MS);
    await s.link.logout();
  }

  return {
    'session.get': () => state(),
    'session.login': async ({ username, password }) => {
      // Another login on an open session changes nothing (HubLink refuses it too): a mistyped
      // password or a colleague's name must never log out, or replace, the operator on watch.
      const open = s.link.operator;
      if (open) throw new ApiError('forbidden', `Une session est déjà ouverte (${open.displayName}) : déconnectez-vous d’abord.`);
      try {
        const op = await s.link.login(username, password);
        s.journal.append({
          operatorId: op.id,
          caseId: null,
          type: 'session.login',
          payload: { username: op.username, displayName: op.displayName, role: op.role },
        });
        s.logger.info({ operator: op.username }, 'operator logged in');
      } finally {
        emit('session.changed', state());
      }
      return state();
    },
    'session.logout': async () => {
      await logout('operator');
      const next = state();
      emit('session.changed', next);
      return next;
    },
  };
}

/**
 * session.*: who is at the console, and the hub link state. When the hub ends the
 * session (revoked, password changed, account removed, 12 h reached), it is
 * journaled for that operator and the UI goes back to the login screen with why.
 */
import { ApiError } from '@shared/contract/errors';
import type { SessionEnd, SessionState } from '@shared/contract/requests';
import type { Emit, Handlers, Services } from '../types';

const LOGOUT_FLUSH_MS = 2000;

export function sessionHandlers(s: Services, emit: Emit): Pick<Handlers, 'session.get' | 'session.login' | 'session.logout'> {
  let ended: SessionEnd | null = null;
  const state = (): SessionState => ({ operator: s.link.operator, hub: s.link.status(), ended });

  // Lives as long as the link: HubLink.close() removes it.
  s.link.on('sessionEnded', ({ operator, reason }) => {
    ended = { reason, at: new Date().toISOString() };
    s.logger.warn({ operator: operator.username, reason }, 'session ended by the hub');
    try {
      s.journal.append({ operatorId: operator.id, caseId: null, type: 'session.ended', payload: { reason } });
    } catch (err) {
      s.logger.error({ err, reason }, 'could not journal the end of the session');
    }
    emit('session.changed', state());
  });

  async function logout(reason: string): Promise<void> {
    const op = s.link.operator;
    if (!op) return;
    // Calls end first (DTMF 0, BYE, journaled under this operator), so the journal never shows audio after a logout.
    await s.voice?.endAllCalls().catch((err: unknown) => s.logger.error({ err }, 'logout: calls not cleared down'));
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
        // Before anything is journaled for them: their events go once the hub knows they logged in here.
        void s.uplink.register(s.link.accessToken());
        ended = null;
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

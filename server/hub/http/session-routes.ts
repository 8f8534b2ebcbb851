/**
 * POST /api/session/refresh: a refresh token (and the login's consoleId) → new access and refresh tokens.
 * POST /api/logout: the Bearer access token's session is revoked and its live sockets cut at once.
 */
import type { FastifyInstance } from 'fastify';
import { RefreshRequest, type SessionEndReason } from '@shared/hub-protocol/console';
import { refreshSession, revokeSession, SESSION_END_MESSAGES, type SessionPolicy } from '../auth/sessions';
import type { HubContext } from '../context';
import { zodIssues } from '../issues';
import { httpError, requireJson } from './errors';

export interface SessionRouteDeps {
  policy: SessionPolicy;
  /** Tells the sockets of these sessions why, and disconnects them (console/session-watch.ts). */
  endSockets(sessionIds: string[], reason: SessionEndReason): void;
}

export function registerSessionRoutes(app: FastifyInstance, hub: HubContext, deps: SessionRouteDeps): void {
  const sessionDeps = { db: hub.db, tokens: hub.tokens, logger: hub.logger, policy: deps.policy };

  app.post('/api/session/refresh', { onRequest: requireJson }, async (req, reply) => {
    const body = RefreshRequest.safeParse(req.body);
    if (!body.success) {
      return reply.code(400).send(httpError('invalid-request', 'Jeton de renouvellement attendu', zodIssues(body.error)));
    }
    const out = await refreshSession(sessionDeps, body.data.refreshToken, body.data.consoleId ?? null);
    if (!out.ok) {
      hub.logger.info({ ip: req.ip, reason: out.reason }, 'session refresh refused');
      return reply.code(401).send({ error: { code: 'session-ended', message: SESSION_END_MESSAGES[out.reason], reason: out.reason } });
    }
    hub.logger.debug({ sessionId: out.response.sessionId }, 'session refreshed');
    return out.response;
  });

  app.post('/api/logout', async (req, reply) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return reply.code(401).send(httpError('unauthorized', 'Jeton absent : en-tête Authorization: Bearer <jeton> attendu'));
    let sessionId: string;
    try {
      // Ending a session needs no fresh token: an expired but genuine one still names it.
      sessionId = (await hub.tokens.verifyAllowingExpired(token, Math.ceil(deps.policy.sessionMaxMs / 1000))).sessionId;
    } catch (err) {
      hub.logger.warn({ ip: req.ip, err: (err as Error).message }, 'logout refused: bad token');
      return reply.code(401).send(httpError('unauthorized', 'Jeton invalide : session inconnue'));
    }
    const revoked = await revokeSession(hub.db, sessionId, 'logout');
    hub.logger.info({ sessionId, revoked }, revoked ? 'logout: session revoked' : 'logout: session already over');
    deps.endSockets([sessionId], 'logout');
    return reply.code(204).send();
  });
}

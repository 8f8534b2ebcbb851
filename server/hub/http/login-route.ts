/** POST /api/login: credentials → a new session (access + refresh token), failed attempts throttled per (IP, username). */
import type { FastifyInstance } from 'fastify';
import { LoginRequest } from '@shared/hub-protocol/console';
import { openSession, type SessionPolicy } from '../auth/sessions';
import { checkPassword } from '../auth/users';
import type { HubContext } from '../context';
import { zodIssues } from '../issues';
import { httpError, requireJson } from './errors';
import type { LoginLimiter } from './login-limiter';

export function registerLogin(app: FastifyInstance, hub: HubContext, limiter: LoginLimiter, policy: SessionPolicy): void {
  app.post('/api/login', { onRequest: requireJson }, async (req, reply) => {
    const creds = LoginRequest.safeParse(req.body);
    if (!creds.success) {
      return reply.code(400).send(httpError('invalid-request', 'Identifiant et mot de passe attendus', zodIssues(creds.error)));
    }
    const { username, password, consoleId } = creds.data;
    // Counted before the password is checked (synchronously, before any await): guesses sent
    // at the same moment cannot all be verified before the throttle sees them. A blocked
    // sender learns nothing and costs us no argon2 verify.
    const attempt = limiter.reserve(req.ip, username);
    if (!attempt.ok) {
      hub.logger.debug({ username, ip: req.ip }, 'login throttled');
      const minutes = Math.ceil(attempt.retryAfterS / 60);
      return reply
        .code(429)
        .header('retry-after', String(attempt.retryAfterS))
        .send(httpError('too-many-attempts', `Trop de tentatives de connexion échouées : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}`));
    }
    const op = await checkPassword(hub.db, username, password);
    if (!op) {
      const blocked = attempt.lastAllowed;
      hub.logger.warn({ username, ip: req.ip, blocked }, blocked ? 'login refused; further attempts blocked for 5 min' : 'login refused');
      return reply.code(401).send(httpError('bad-credentials', 'Identifiant ou mot de passe incorrect'));
    }
    limiter.succeeded(req.ip, username);
    const body = await openSession({ db: hub.db, tokens: hub.tokens, logger: hub.logger, policy }, op, consoleId ?? null);
    hub.logger.info({ operatorId: op.id, username: op.username, sessionId: body.sessionId, consoleId }, 'login');
    return body;
  });
}

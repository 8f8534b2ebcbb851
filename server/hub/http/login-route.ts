/** POST /api/login: credentials → session token, with failed attempts throttled per (IP, username). */
import type { FastifyInstance } from 'fastify';
import { Credentials } from '@shared/domain/operator';
import type { LoginResponse } from '@shared/hub-protocol/console';
import { checkPassword } from '../auth/users';
import type { HubContext } from '../context';
import { zodIssues } from '../issues';
import { httpError, requireJson } from './errors';
import type { LoginLimiter } from './login-limiter';

export function registerLogin(app: FastifyInstance, hub: HubContext, limiter: LoginLimiter): void {
  app.post('/api/login', { onRequest: requireJson }, async (req, reply) => {
    const creds = Credentials.safeParse(req.body);
    if (!creds.success) {
      return reply.code(400).send(httpError('invalid-request', 'Identifiant et mot de passe attendus', zodIssues(creds.error)));
    }
    const { username, password } = creds.data;
    // Checked before the password: a blocked sender learns nothing, and costs us no argon2 verify.
    const wait = limiter.retryAfterS(req.ip, username);
    if (wait > 0) {
      hub.logger.debug({ username, ip: req.ip }, 'login throttled');
      const minutes = Math.ceil(wait / 60);
      return reply
        .code(429)
        .header('retry-after', String(wait))
        .send(httpError('too-many-attempts', `Trop de tentatives de connexion échouées : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}`));
    }
    const op = await checkPassword(hub.db, username, password);
    if (!op) {
      const blocked = limiter.failed(req.ip, username);
      hub.logger.warn({ username, ip: req.ip, blocked }, blocked ? 'login refused; further attempts blocked for 5 min' : 'login refused');
      return reply.code(401).send(httpError('bad-credentials', 'Identifiant ou mot de passe incorrect'));
    }
    limiter.succeeded(req.ip, username);
    const { token, expiresAt } = await hub.tokens.sign(op);
    hub.logger.info({ operatorId: op.id, username: op.username }, 'login');
    const body: LoginResponse = { token, operator: op, expiresAt };
    return body;
  });
}

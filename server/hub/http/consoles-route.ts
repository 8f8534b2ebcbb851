/**
 * POST /api/v1/consoles/register: a console's identity. Authenticated by an operator's
 * access token (checked on the headers, before the body is read); the console's current
 * key, if it has one, comes in the x-veille-console-key header. A valid key is kept,
 * otherwise a new one is issued and shown this once. Either way the hub records that
 * this operator logged in on this console: the console may then send their events.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_KEY_HEADER, ConsoleRegisterRequest, type ConsoleRegisterResponse } from '@shared/hub-protocol/journal';
import { registerConsole } from '../auth/consoles';
import { sessionEndReason } from '../auth/sessions';
import type { Actor } from '../auth/tokens';
import type { HubContext } from '../context';
import { zodIssues } from '../issues';
import { httpError, requireJson } from './errors';

const actors = new WeakMap<FastifyRequest, Actor>();

export function registerConsolesRoute(app: FastifyInstance, hub: HubContext): void {
  async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    try {
      if (m) {
        const actor = await hub.tokens.verify(m[1]!);
        // A token outlives nothing it was issued for: a session ended by logout, a password
        // change or a removal registers no console, even within the token's 10 minutes.
        const ended = await sessionEndReason(hub.db, actor.sessionId);
        if (ended === null) return void actors.set(req, actor);
        hub.logger.warn({ ip: req.ip, operatorId: actor.operatorId, reason: ended }, 'console registration refused: session ended');
        return reply.code(401).send(httpError('unauthorized', 'Session terminée : reconnectez-vous'));
      }
    } catch (err) {
      hub.logger.warn({ ip: req.ip, err: (err as Error).message }, 'console registration refused: bad access token');
    }
    return reply.code(401).send(httpError('unauthorized', 'Jeton d’accès absent, invalide ou expiré : reconnectez-vous'));
  }

  app.post('/api/v1/consoles/register', { onRequest: [authenticate, requireJson] }, async (req, reply) => {
    const actor = actors.get(req)!;
    const body = ConsoleRegisterRequest.safeParse(req.body);
    if (!body.success) {
      return reply.code(400).send(httpError('invalid-request', 'Identifiant de console (UUID) attendu', zodIssues(body.error)));
    }
    const header = req.headers[CONSOLE_KEY_HEADER];
    const currentKey = typeof header === 'string' ? header : undefined;
    const r = await registerConsole(hub.db, { ...body.data, operatorId: actor.operatorId, currentKey });
    const who = { consoleId: body.data.consoleId, name: body.data.name, operatorId: actor.operatorId, username: actor.username };
    if (r.rotated) hub.logger.warn({ ...who, hadKey: currentKey !== undefined }, 'console key replaced: the previous key of this console is refused from now on');
    hub.logger.info({ ...who, keyStatus: r.keyStatus, newOperator: r.newOperator }, 'console registered');
    const answer: ConsoleRegisterResponse = { consoleId: body.data.consoleId, keyStatus: r.keyStatus, ...(r.key ? { key: r.key } : {}) };
    return answer;
  });
}

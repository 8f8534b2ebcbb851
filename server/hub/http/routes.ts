import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Credentials } from '@shared/domain/operator';
import { AlarmIngest } from '@shared/hub-protocol/ingest';
import type { LoginResponse } from '@shared/hub-protocol/console';
import { authenticateGateway } from '../auth/gateways';
import { checkPassword } from '../auth/users';
import { countActiveCases } from '../cases/case-row';
import type { HubContext } from '../context';
import { ingestAlarm } from '../ingest/ingest-alarm';
import { httpError, rawBodyOf } from './errors';

export const INGEST_BODY_LIMIT = 64 * 1024;

export function registerRoutes(app: FastifyInstance, hub: HubContext): void {
  app.get('/health', async () => ({
    status: 'ok',
    version: hub.version,
    uptimeS: Math.round((Date.now() - hub.startedAt) / 1000),
    openCases: await countActiveCases(hub.db),
  }));

  app.post('/api/login', async (req, reply) => {
    const creds = Credentials.safeParse(req.body);
    if (!creds.success) {
      return reply.code(400).send(httpError('invalid-request', 'Identifiant et mot de passe attendus', z.treeifyError(creds.error)));
    }
    const op = await checkPassword(hub.db, creds.data.username, creds.data.password);
    if (!op) {
      hub.logger.warn({ username: creds.data.username, ip: req.ip }, 'login refused');
      return reply.code(401).send(httpError('bad-credentials', 'Identifiant ou mot de passe incorrect'));
    }
    const { token, expiresAt } = await hub.tokens.sign(op);
    hub.logger.info({ operatorId: op.id, username: op.username }, 'login');
    const body: LoginResponse = { token, operator: op, expiresAt };
    return body;
  });

  app.post('/api/v1/alarms', { bodyLimit: INGEST_BODY_LIMIT }, async (req, reply) => {
    const gw = await authenticateGateway(hub.db, req.headers.authorization);
    if (!gw) {
      hub.logger.warn({ ip: req.ip }, 'ingest refused: bad gateway key');
      return reply.code(401).send(httpError('unauthorized', 'Clé de passerelle absente ou invalide (Authorization: Bearer <gatewayId>.<secret>)'));
    }
    const parsed = AlarmIngest.safeParse(req.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      hub.logger.warn({ gateway: gw.id, issues }, 'ingest refused: invalid alarm');
      return reply.code(400).send(httpError('invalid-alarm', 'Alarme invalide : ' + issues.map((i) => `${i.path || '(corps)'}: ${i.message}`).join('; '), issues));
    }
    const out = await hub.serial(async () => {
      const r = await ingestAlarm(hub.db, hub.lookup, `http:${gw.id}`, parsed.data, rawBodyOf(req));
      if (r.created) hub.broadcast(r.created);
      return r;
    });
    hub.logger.info({ gateway: gw.id, beaconId: parsed.data.beaconId, kind: parsed.data.kind, ...out.result }, 'alarm ingested');
    return reply.code(out.result.duplicate ? 200 : 202).send(out.result);
  });
}

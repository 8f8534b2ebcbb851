/**
 * POST /api/v1/alarms. The gateway key is checked on the request line and
 * headers alone (onRequest), so an unauthenticated sender gets 401 whatever it
 * sends and its body is never parsed; then the Content-Type; then the body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateGateway } from '../auth/gateways';
import type { HubContext } from '../context';
import { receiveAlarm } from '../ingest/intake';
import { IngestBody, sanitiseText } from '../ingest/normalise';
import { clip, describeIssues, zodIssues } from '../issues';
import { httpError, rawBodyOf, requireJson } from './errors';

export const INGEST_BODY_LIMIT = 64 * 1024;

type Gateway = { id: string; name: string };
const gateways = new WeakMap<FastifyRequest, Gateway>();

export function registerIngest(app: FastifyInstance, hub: HubContext): void {
  async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const gw = await authenticateGateway(hub.db, req.headers.authorization);
    if (gw) return void gateways.set(req, gw);
    hub.logger.warn({ ip: req.ip }, 'ingest refused: bad gateway key');
    return reply.code(401).send(httpError('unauthorized', 'Clé de passerelle absente ou invalide (Authorization: Bearer <gatewayId>.<secret>)'));
  }

  app.post('/api/v1/alarms', { bodyLimit: INGEST_BODY_LIMIT, onRequest: [authenticate, requireJson] }, async (req, reply) => {
    const gw = gateways.get(req)!;
    const parsed = IngestBody.safeParse(req.body);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      hub.logger.warn({ gateway: gw.id, issues }, 'ingest refused: invalid alarm');
      return reply.code(400).send(httpError('invalid-alarm', `Alarme invalide : ${describeIssues(parsed.error, '(corps)')}`, issues));
    }
    const alarm = parsed.data;
    const out = await receiveAlarm(hub, {
      source: `http:${gw.id}`,
      protocol: 'http',
      beaconId: alarm.beaconId,
      reference: alarm.reference,
      kind: alarm.kind,
      occurredAt: alarm.occurredAt,
      position: alarm.position ?? null,
      drill: alarm.drill,
      text: sanitiseText(alarm.text),
      details: {},
      raw: rawBodyOf(req),
    });
    const who = { gateway: gw.id, beaconId: alarm.beaconId, reference: alarm.reference };
    if (out.kind === 'conflict') {
      hub.logger.warn({ ...who, fields: out.fields, caseId: out.caseId }, 'ingest refused: reference reused with different content');
      return reply
        .code(409)
        .send(
          httpError(
            'reference-conflict',
            `Référence ${clip(sanitiseText(alarm.reference) ?? '', 40)} déjà reçue de la balise ${alarm.beaconId} avec un autre contenu (${out.fields.join(', ')}) : ` +
              'une nouvelle alarme doit porter une nouvelle référence',
          ),
        );
    }
    if (out.clockOff) {
      hub.logger.warn({ ...who, occurredAt: alarm.occurredAt, caseId: out.result.caseId }, 'beacon clock far off: case dated at receipt');
    }
    hub.logger.info({ ...who, kind: alarm.kind, ...out.result }, 'alarm ingested');
    return reply.code(out.result.duplicate ? 200 : 202).send(out.result);
  });
}

/** One error body shape for every HTTP failure: {error:{code, message, issues?}}. */
import type { FastifyError, FastifyInstance } from 'fastify';

export function httpError(code: string, message: string, issues?: unknown): { error: Record<string, unknown> } {
  return { error: issues === undefined ? { code, message } : { code, message, issues } };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) {
      req.log.warn({ url: req.url }, 'body too large');
      return reply.code(413).send(httpError('too-large', 'Corps de requête trop grand (64 Kio au plus)'));
    }
    if (status === 415) {
      return reply.code(415).send(httpError('unsupported-media-type', 'Content-Type: application/json attendu'));
    }
    if (status === 400) {
      req.log.warn({ url: req.url, err: err.message }, 'bad request');
      return reply.code(400).send(httpError('invalid-json', `JSON illisible : ${err.message}`));
    }
    req.log.error({ err, url: req.url }, 'request failed');
    return reply.code(500).send(httpError('internal', 'Erreur interne du hub'));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(httpError('not-found', `Pas de route ${req.method} ${req.url}`));
  });
}

/**
 * JSON parser that keeps the exact text: ingest stores the raw message.
 * Parse errors become 400 through the error handler above.
 */
export function installRawJsonParser(app: FastifyInstance): void {
  app.decorateRequest('rawBody', '');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as unknown as { rawBody: string }).rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch (e) {
      const err = new Error((e as Error).message) as FastifyError;
      err.statusCode = 400;
      done(err, undefined);
    }
  });
}

export function rawBodyOf(req: unknown): string {
  return (req as { rawBody?: string }).rawBody ?? '';
}

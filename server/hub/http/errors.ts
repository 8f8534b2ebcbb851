/** One error body shape for every HTTP failure: {error:{code, message, issues?}}. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { Issue } from '../issues';
import { clip } from '../issues';

export function httpError(code: string, message: string, issues?: Issue[]): { error: Record<string, unknown> } {
  return { error: issues === undefined ? { code, message } : { code, message, issues } };
}

function mediaType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function unsupported(req: FastifyRequest): { error: Record<string, unknown> } {
  const got = mediaType(req);
  return httpError('unsupported-media-type', `Content-Type: application/json attendu (reçu : ${got ? clip(got, 64) : 'aucun'})`);
}

/**
 * onRequest hook for JSON endpoints: anything but application/json (a missing
 * Content-Type included) is refused with 415 before a byte of body is read.
 */
export async function requireJson(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (mediaType(req) === 'application/json') return undefined;
  req.log.warn({ url: req.url, contentType: clip(req.headers['content-type'] ?? '', 64) }, 'unsupported media type');
  return reply.code(415).send(unsupported(req));
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) {
      req.log.warn({ url: req.url }, 'body too large');
      return reply.code(413).send(httpError('too-large', 'Corps de requête trop grand (64 Kio au plus)'));
    }
    if (status === 415) return reply.code(415).send(unsupported(req));
    if (status === 400) {
      req.log.warn({ url: req.url, err: err.message }, 'bad request');
      return reply.code(400).send(httpError('invalid-json', `JSON illisible : ${clip(err.message)}`));
    }
    req.log.error({ err, url: req.url }, 'request failed');
    return reply.code(500).send(httpError('internal', 'Erreur interne du hub'));
  });
  // Which methods each path answers, so a wrong method is told 405 and what would work.
  const methodsOf = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const set = methodsOf.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) set.add(m);
    methodsOf.set(route.url, set);
  });
  app.setNotFoundHandler((req, reply) => {
    const allowed = methodsOf.get(req.url.split('?')[0]!);
    if (allowed && !allowed.has(req.method)) {
      const list = [...allowed].filter((m) => m !== 'HEAD').join(', ');
      return reply.code(405).header('allow', list).send(httpError('method-not-allowed', `${req.method} non accepté sur ${clip(req.url, 100)} (accepté : ${list})`));
    }
    return reply.code(404).send(httpError('not-found', `Pas de route ${req.method} ${clip(req.url, 100)}`));
  });
}

/** Errors Fastify raises before routing (an address that does not decode, such as /%): our body shape too. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  req.log.warn({ code: err.code, url: clip(req.url, 100) }, 'bad request address');
  void reply.code(400).send(httpError('bad-url', `Adresse de requête illisible : ${clip(req.url, 100)}`));
}

/**
 * The only body parser: JSON, keeping the exact text (ingest stores the raw
 * message). Fastify's text/plain parser is removed, so no other type is read.
 * Parse errors become 400 through the error handler above.
 */
export function installRawJsonParser(app: FastifyInstance): void {
  app.decorateRequest('rawBody', '');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    // No route: nothing will read the body, and its shape must not hide the 404 or 405.
    if ((req as unknown as { is404?: boolean }).is404) return done(null, undefined);
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

/**
 * Errors Node raises before a request reaches a route (a request that never arrived in full,
 * unparsable HTTP): answered in the same body shape as everything else, then closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const [status, reason] = timeout ? [408, 'Request Timeout'] : [400, 'Bad Request'];
  const body = JSON.stringify(
    timeout
      ? httpError('request-timeout', 'Requête incomplète après le délai permis : connexion fermée')
      : httpError('bad-request', 'Requête HTTP illisible'),
  );
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

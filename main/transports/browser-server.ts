/**
 * Browser mode: one HTTP server on the loopback address serves the built
 * renderer and, at /api, the contract over a WebSocket guarded by the
 * token and the page's Origin (/audio: the operator's audio frames, same checks;
 * GET /recordings/<id>.wav?token=: a call recording). GET /api/session-check?token= tells a page
 * whether its token is still the right one (204) or not (401).
 *
 * The port is bound before the console's services start (api attached
 * later), so a port already in use stops the launch before a hub, a
 * simulator or the journal is opened.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Host } from '../host/host';
import type { Logger } from '../log/logger';
import { allowedHostHeaders, allowedOrigins, SECURITY_HEADERS, tokenMatches } from './security';
import { pathOf, SESSION_CHECK_PATH, sessionCheck } from './session-check';
import { createApiSocketServer } from './ws-api';
import { defaultResourcesDir, isMapPath } from './tiles';
import { serveMapFile } from './tiles-http';
import { AUDIO_PATH, createBrowserAudioSocket } from './audio-socket';
import { recordingIdOf, serveRecording, type RecordingLookup } from './recordings';
import type { AudioRelay } from './audio-relay';

export interface BrowserServerOptions {
  host: string;
  port: number;
  token: string;
  rendererDir: string;
  /** The contract host; may be attached later (until then the API socket answers 503). */
  api?: Host;
  logger: Logger;
  /** The offline map's files (/map/…); default: the package's resources/. */
  resourcesDir?: string;
}

export interface BrowserServer {
  /** Base address, e.g. http://127.0.0.1:4800 */
  origin: string;
  port: number;
  /** What the operator opens: origin + /?token=… */
  url: string;
  /** Connects the contract host once the services are up. */
  attach(api: Host): void;
  /** The operator's audio (binary WebSocket /audio): exists from the start, for the call manager. */
  audio: AudioRelay;
  /** Where GET /recordings/<id>.wav finds its file (the voice service); 404 until given. */
  serveRecordings(lookup: RecordingLookup): void;
  close(): Promise<void>;
}

/** The port or address cannot be bound; the message says what to do, in French, for the operator. */
export class ListenError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ListenError';
  }
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const code = err.code ?? '';
  if (code === 'EADDRINUSE') {
    return new ListenError(code, `Le port ${port} est déjà utilisé (une autre console ?) : choisissez-en un autre avec --port <n> ou --port 0`, { cause: err });
  }
  if (code === 'EACCES') {
    return new ListenError(code, `Le port ${port} est réservé sur cette machine (droits insuffisants) : choisissez-en un autre avec --port <n> ou --port 0`, { cause: err });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ListenError(code, `L’adresse ${host} (--host) n’appartient pas à cette machine : utilisez 127.0.0.1 ou une adresse locale`, { cause: err });
  }
  return err;
}

function staticHandler(rendererDir: string, log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    log.warn({ rendererDir }, 'renderer not built: pages answer 503 until `npx electron-vite build` is run');
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Interface non construite : lancez \`npx electron-vite build\` (attendu dans ${rendererDir}).\n`);
    };
  }
  const serve = sirv(rendererDir, {
    single: true,
    dev: false,
    etag: true,
    dotfiles: false,
    setHeaders: (res, pathname) => {
      if (pathname.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
    },
  });
  return (req, res) => serve(req, res);
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404 | 503): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startBrowserServer(o: BrowserServerOptions): Promise<BrowserServer> {
  const log = o.logger.child({ component: 'browser-server' });
  const serveStatic = staticHandler(o.rendererDir, log);
  let api: ReturnType<typeof createApiSocketServer> | null = o.api ? createApiSocketServer(o.api, o.logger) : null;
  let origins = new Set<string>();
  let hostHeaders = new Set<string>();
  const audio = createBrowserAudioSocket({ logger: o.logger });
  let recordings: RecordingLookup | null = null;

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostHeaders.has(req.headers.host ?? '')) {
      log.warn({ host: req.headers.host, from: req.socket.remoteAddress }, 'HTTP request with a foreign Host header refused');
      res.writeHead(403).end();
      return;
    }
    if (pathOf(req.url) === SESSION_CHECK_PATH) {
      sessionCheck(req, res, { token: o.token, origins, log });
      return;
    }
    const path = pathOf(req.url);
    if (isMapPath(path)) return serveMapFile(req, res, path, o.resourcesDir ?? defaultResourcesDir(), log);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const recordingId = recordingIdOf(pathOf(req.url) ?? '');
    if (recordingId) return void serveRecording(req, res, { id: recordingId, token: o.token, lookup: recordings, log });
    serveStatic(req, res);
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const from = req.socket.remoteAddress;
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/api' && url.pathname !== AUDIO_PATH) {
      log.warn({ path: url.pathname, from }, 'WebSocket upgrade on an unknown path refused');
      return refuseUpgrade(socket, 404);
    }
    if (!tokenMatches(url.searchParams.get('token'), o.token)) {
      log.warn({ from }, 'WebSocket refused: missing or wrong launch token');
      return refuseUpgrade(socket, 401);
    }
    if (!origins.has(req.headers.origin ?? '') || !hostHeaders.has(req.headers.host ?? '')) {
      log.warn({ origin: req.headers.origin, host: req.headers.host, from }, 'WebSocket refused: foreign Origin or Host');
      return refuseUpgrade(socket, 403);
    }
    if (url.pathname === AUDIO_PATH) return audio.handleUpgrade(req, socket, head);
    const ready = api;
    if (!ready) {
      // Right after a restart, before the services are up: the page retries.
      return refuseUpgrade(socket, 503);
    }
    ready.wss.handleUpgrade(req, socket, head, (ws) => ready.wss.emit('connection', ws, req));
  });
  server.on('clientError', (err, socket) => {
    log.warn({ err: err.message }, 'malformed HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, o.host, o.port)));
    server.listen(o.port, o.host, () => {
      server.removeAllListeners('error');
      server.on('error', (err) => log.error({ err }, 'browser-mode server error'));
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  origins = allowedOrigins(o.host, port);
  hostHeaders = allowedHostHeaders(o.host, port);
  const origin = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;

  return {
    origin,
    port,
    url: `${origin}/?token=${encodeURIComponent(o.token)}`,
    attach(host) {
      if (api) throw new Error('browser server: contract host already attached');
      api = createApiSocketServer(host, o.logger);
    },
    audio: audio.port,
    serveRecordings(lookup) {
      recordings = lookup;
    },
    async close() {
      await api?.close();
      await audio.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Browser mode: one HTTP server on the loopback address serves the built
 * renderer and, at /api, the contract over a WebSocket guarded by the launch
 * token and the page's Origin.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Host } from '../host/host';
import type { Logger } from '../log/logger';
import { allowedHostHeaders, allowedOrigins, SECURITY_HEADERS, tokenMatches } from './security';
import { createApiSocketServer } from './ws-api';

export interface BrowserServerOptions {
  host: string;
  port: number;
  token: string;
  rendererDir: string;
  api: Host;
  logger: Logger;
}

export interface BrowserServer {
  /** Base address, e.g. http://127.0.0.1:4800 */
  origin: string;
  port: number;
  /** What the operator opens: origin + /?token=… */
  url: string;
  close(): Promise<void>;
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

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startBrowserServer(o: BrowserServerOptions): Promise<BrowserServer> {
  const log = o.logger.child({ component: 'browser-server' });
  const serveStatic = staticHandler(o.rendererDir, log);
  const api = createApiSocketServer(o.api, o.logger);
  let origins = new Set<string>();
  let hostHeaders = new Set<string>();

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostHeaders.has(req.headers.host ?? '')) {
      log.warn({ host: req.headers.host, from: req.socket.remoteAddress }, 'HTTP request with a foreign Host header refused');
      res.writeHead(403).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res);
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const from = req.socket.remoteAddress;
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/api') {
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
    api.wss.handleUpgrade(req, socket, head, (ws) => api.wss.emit('connection', ws, req));
  });
  server.on('clientError', (err, socket) => {
    log.warn({ err: err.message }, 'malformed HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
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
    async close() {
      await api.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The Veille hub: alarm ingest over HTTP, the authoritative case queue, and
 * the /console socket.io namespace. One call starts it; close() stops it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Directory } from '@shared/domain/site';
import { createGateway } from './auth/gateways';
import { createTokenService, loadOrCreateSecret } from './auth/tokens';
import { ensureAdmin, seedDemoUsers } from './auth/users';
import { attachConsoleNamespace } from './console/namespace';
import type { HubContext } from './context';
import { openDatabase } from './db/database';
import { indexDirectory } from './directory-index';
import { installErrorHandlers, installRawJsonParser } from './http/errors';
import { INGEST_BODY_LIMIT, registerRoutes } from './http/routes';
import { createHubLogger } from './logger';
import { loadDemoDirectory, readVersion } from './paths';
import { createSerial } from './serial';

export interface StartHubOptions {
  dataDir: string;
  /** Default 127.0.0.1: the hub is not exposed unless asked. */
  host?: string;
  /** 0 = random free port; default 4700. */
  port?: number;
  /** Seeds demo accounts (password "veille-demo") and loads the demo directory. */
  demo?: boolean;
  /** A simulator feeds this hub: consoles are told it is a demo, even without demo accounts. */
  simulated?: boolean;
  /** Sites and beacons; default: resources/demo/directory.json in demo, else empty. */
  directory?: Directory;
  /** Where resources/ lives, when it cannot be found by walking up from this file. */
  resourcesDir?: string;
  /** First admin's password when no admin exists; default env VEILLE_ADMIN_PASSWORD. */
  adminPassword?: string;
  /** Default: JSON lines in <dataDir>/hub.log. */
  logger?: Logger;
}

export interface RunningHub {
  /** http://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Issues (or rotates, for an existing name) a gateway key: the full Bearer value. */
  createGateway(name: string): Promise<{ gatewayId: string; key: string }>;
}

export async function startHub(opts: StartHubOptions): Promise<RunningHub> {
  mkdirSync(opts.dataDir, { recursive: true });
  const logger = opts.logger ?? createHubLogger(opts.dataDir, false);
  const directory = opts.directory ?? (opts.demo ? loadDemoDirectory(opts.resourcesDir) : { sites: [], beacons: [] });
  const db = await openDatabase(join(opts.dataDir, 'hub.sqlite'), logger);
  try {
    if (opts.demo) await seedDemoUsers(db);
    if (await ensureAdmin(db, opts.adminPassword ?? process.env.VEILLE_ADMIN_PASSWORD)) logger.info('admin account created');
  } catch (err) {
    await db.destroy();
    throw err;
  }

  const serial = createSerial();
  let broadcast: HubContext['broadcast'] = () => undefined;
  const hub: HubContext = {
    db,
    logger,
    tokens: createTokenService(loadOrCreateSecret(opts.dataDir)),
    lookup: indexDirectory(directory),
    version: readVersion(opts.resourcesDir),
    demo: Boolean(opts.demo || opts.simulated),
    startedAt: Date.now(),
    serial: serial.run,
    broadcast: (c) => broadcast(c),
  };

  const app = Fastify({
    loggerInstance: logger.child({ part: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: INGEST_BODY_LIMIT,
  });
  installRawJsonParser(app);
  installErrorHandlers(app);
  registerRoutes(app, hub);

  // WebSocket only: no long-polling, so several hub nodes need no sticky sessions.
  const io = new Server(app.server, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: 5e6 });
  broadcast = attachConsoleNamespace(io, hub).broadcast;

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: opts.port ?? 4700 });
  } catch (err) {
    io.close();
    await db.destroy();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 4700);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, demo: !!opts.demo, sites: directory.sites.length, beacons: directory.beacons.length }, 'hub listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    createGateway: (name) => createGateway(db, name),
    close() {
      closing ??= (async () => {
        io.of('/console').disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await app.close().catch(() => undefined);
        await serial.idle();
        await db.destroy();
        logger.info('hub closed');
      })();
      return closing;
    },
  };
}

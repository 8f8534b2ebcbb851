/**
 * The Veille hub: alarm ingest over HTTP, the authoritative case queue, and
 * the /console socket.io namespace. One call starts it; close() stops it.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Directory } from '@shared/domain/site';
import { createGateway } from './auth/gateways';
import { SESSION_POLICY, type SessionPolicy } from './auth/sessions';
import { createTokenService, loadOrCreateSecret } from './auth/tokens';
import { countUsers, ensureAdmin, seedDemoUsers } from './auth/users';
import { attachConsoleNamespace } from './console/namespace';
import { attachScriptSharing } from './scripts/scripts-socket';
import { startSessionWatch, type SessionWatch } from './console/session-watch';
import type { RateLimitOptions } from './console/rate-limit';
import type { HubBusEvents, HubContext } from './context';
import { openDatabase } from './db/database';
import { attachDirectory, openHubDirectory, startGeofence, type SiteDirectory } from './directory';
import { clientErrorHandler, frameworkErrors, installErrorHandlers, installRawJsonParser } from './http/errors';
import { createLoginLimiter, type LoginLimiterOptions } from './http/login-limiter';
import { INGEST_BODY_LIMIT, registerRoutes } from './http/routes';
import { createHubLogger } from './logger';
import { loadDemoDirectory, readVersion } from './paths';
import { startCommandPruning, type CommandPruningOptions } from './maintenance/prune-commands';
import { startHubRetention } from './retention/purge';
import { createSerial } from './serial';
import { startSupervision, type SupervisionOptions } from './supervision/watcher';
import { seedDemoBeacons } from './scaip/credentials';
import { startScaipReceiver, type ScaipOptions, type ScaipReceiver } from './scaip/receiver';
import { DEFAULT_GROUPING, type GroupingOptions } from './ingest/options';
import { createVoiceRouter, type VoiceRoutingOptions } from './voice/index';

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
  /** HTTP timeouts; the defaults (HTTP_TIMEOUTS) suit production, tests shorten them. */
  timeouts?: Partial<HttpTimeouts>;
  /** Personal data older than this many days is removed daily, hashes kept (GDPR); default 365. */
  retentionDays?: number;
  /** Failed-login throttle; default 5 failures per (IP, username) in 5 minutes. */
  loginLimiter?: LoginLimiterOptions;
  /** Access token life, session length, refresh retry grace, session watch period; defaults SESSION_POLICY (tests shorten them). */
  sessions?: Partial<SessionPolicy>;
  /** Per-console-connection command limit; default 20/s, bursts of 40 (console/rate-limit.ts). */
  commandRateLimit?: RateLimitOptions;
  /** How long command ids are remembered (default 7 days) and how often old ones are pruned (hourly). */
  commandPruning?: CommandPruningOptions;
  /** Silent-beacon watcher: heartbeat periods per use, grace, check period (supervision/watcher.ts). */
  supervision?: SupervisionOptions;
  /** SCAIP beacons over SIP (scaip/receiver.ts); absent = no SIP port opened (the CLI opens 127.0.0.1:5060). */
  sip?: ScaipOptions;
  /** Alarm grouping and restore windows; default DEFAULT_GROUPING (10 min, 15 min). */
  grouping?: Partial<GroupingOptions>;
  /** Voice routing on the SIP port (voice/router.ts); false = MESSAGE only. Default on whenever `sip` is set. */
  voice?: VoiceRoutingOptions | false;
}

export interface HttpTimeouts {
  /** The whole request (headers and body) must arrive within this: a body dribbled byte by byte is cut off (408). */
  requestMs: number;
  /** The headers must arrive within this (at most requestMs). */
  headersMs: number;
  /** A socket silent this long in the middle of a request is closed. */
  idleMs: number;
  /** An idle keep-alive connection between two requests is closed after this. */
  keepAliveMs: number;
  /** How often Node looks for requests past their deadline: the cut-off lands within this after it. */
  checkIntervalMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { requestMs: 15_000, headersMs: 10_000, idleMs: 30_000, keepAliveMs: 10_000, checkIntervalMs: 1_000 };

/**
 * Largest socket.io message a console may send (1 MiB). A larger one (e.g. a
 * journal batch of 500 events with big payloads) closes that console's
 * connection without being read; consoles size their batches below it.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 1024 * 1024;

export interface RunningHub {
  /** http://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
  /** User accounts when the hub started: 0 outside demo means nobody can log in yet. */
  userCount: number;
  /** Issues (or rotates, for an existing name) a gateway key: the full Bearer value. */
  createGateway(name: string): Promise<{ gatewayId: string; key: string }>;
  /** The SCAIP receiver's address, when started. */
  sip: { host: string; port: number } | null;
}

export async function startHub(opts: StartHubOptions): Promise<RunningHub> {
  mkdirSync(opts.dataDir, { recursive: true });
  const logger = opts.logger ?? createHubLogger(opts.dataDir, false);
  const directory = opts.directory ?? (opts.demo ? loadDemoDirectory(opts.resourcesDir) : { sites: [], beacons: [] });
  const db = await openDatabase(join(opts.dataDir, 'hub.sqlite'), logger);
  let userCount: number;
  let siteDirectory: SiteDirectory;
  try {
    if (opts.demo) await seedDemoUsers(db);
    // Demo beacons answer to the documented demo password (docs/SCAIP.md).
    if (opts.demo) await seedDemoBeacons(db, directory.beacons);
    siteDirectory = await openHubDirectory(db, logger, directory, { demo: opts.demo, resourcesDir: opts.resourcesDir });
    if (await ensureAdmin(db, opts.adminPassword ?? process.env.VEILLE_ADMIN_PASSWORD)) logger.info('admin account created');
    userCount = await countUsers(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  if (userCount === 0) {
    logger.warn(
      { dataDir: opts.dataDir },
      'no user account: nobody can log in. Create one with: npm run hub -- user add <username> --name "<name>" --role admin --data-dir <dir>',
    );
  }

  const sessionPolicy: SessionPolicy = { ...SESSION_POLICY, ...opts.sessions };
  const serial = createSerial();
  let broadcast: HubContext['broadcast'] = () => undefined;
  const hub: HubContext = {
    db,
    logger,
    tokens: createTokenService(loadOrCreateSecret(opts.dataDir), { accessTtlMs: sessionPolicy.accessTtlMs }),
    lookup: (beaconId) => siteDirectory.lookup(beaconId),
    version: readVersion(opts.resourcesDir),
    demo: Boolean(opts.demo || opts.simulated),
    startedAt: Date.now(),
    serial: serial.run,
    broadcast: (c) => {
      broadcast(c);
      hub.bus.emit('case.changed', c);
    },
    bus: new EventEmitter<HubBusEvents>(),
    ingest: { ...DEFAULT_GROUPING, ...opts.grouping },
  };
  if (opts.sip && opts.voice !== false) hub.voice = createVoiceRouter(hub, opts.voice || {});

  const t = { ...HTTP_TIMEOUTS, ...opts.timeouts };
  const app = Fastify({
    loggerInstance: logger.child({ part: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: INGEST_BODY_LIMIT,
    // A slow sender must not hold a connection for minutes (slowloris): see HttpTimeouts.
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    http: { headersTimeout: Math.min(t.headersMs, t.requestMs), requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkIntervalMs },
    clientErrorHandler,
    frameworkErrors,
  });
  installRawJsonParser(app);
  installErrorHandlers(app);
  let sessionWatch: SessionWatch | null = null;
  registerRoutes(app, hub, createLoginLimiter(opts.loginLimiter), {
    policy: sessionPolicy,
    endSockets: (ids, reason) => sessionWatch?.endNow(ids, reason),
  });

  // WebSocket only: no long-polling, so several hub nodes need no sticky sessions.
  const io = new Server(app.server, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES });
  refuseRootNamespace(io, logger);
  const consoles = attachConsoleNamespace(io, hub, { commandRateLimit: opts.commandRateLimit });
  attachScriptSharing(consoles.nsp, hub);
  broadcast = consoles.broadcast;
  attachDirectory(consoles.nsp, hub, siteDirectory);
  const geofence = startGeofence(hub);
  sessionWatch = startSessionWatch(consoles.nsp, hub, sessionPolicy.watchPeriodMs);

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: opts.port ?? 4700 });
  } catch (err) {
    sessionWatch.stop();
    io.close();
    await db.destroy();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 4700);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, demo: !!opts.demo, sites: siteDirectory.snapshot().sites.length, beacons: siteDirectory.snapshot().beacons.length }, 'hub listening');
  let scaip: ScaipReceiver | null = null;
  if (opts.sip) {
    try {
      scaip = await startScaipReceiver(hub, opts.sip);
    } catch (err) {
      // A SIP port in use is a clear start-up error (SipBindError), with nothing left open.
      sessionWatch.stop();
      io.of('/console').disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close().catch(() => undefined);
      await db.destroy();
      throw err;
    }
  }
  const retention = startHubRetention(db, opts.retentionDays ?? 365, logger.child({ part: 'retention' }));
  const pruning = startCommandPruning(db, logger, opts.commandPruning);
  const supervision = startSupervision(hub, opts.supervision);

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    userCount,
    createGateway: (name) => createGateway(db, name),
    sip: scaip ? { host: scaip.host, port: scaip.port } : null,
    close() {
      closing ??= (async () => {
        await scaip?.close();
        geofence.stop();
        hub.voice?.close();
        retention.stop();
        await supervision.stop();
        sessionWatch?.stop();
        io.of('/console').disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await app.close().catch(() => undefined);
        await serial.idle();
        await pruning.stop();
        await db.destroy();
        logger.info('hub closed');
      })();
      return closing;
    },
  };
}

/** Only /console serves: a client on the root namespace is told where to go, not left connected to nothing. */
function refuseRootNamespace(io: Server, logger: Logger): void {
  io.of('/').use((socket, next) => {
    logger.warn({ ip: socket.handshake.address }, 'socket refused: root namespace');
    const message = 'Espace de noms « / » fermé : connectez-vous à /console';
    next(Object.assign(new Error(message), { data: { code: 'wrong-namespace', message } }));
  });
}

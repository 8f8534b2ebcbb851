/**
 * Browser mode entry (out/main/browser.js): the console's services under
 * plain Node, serving the renderer and the contract on the loopback address.
 * Prints one line on stdout when ready; logs go to stderr.
 *
 * Order matters: the port is bound first, so a port in use ends the launch
 * with one clear line before a hub, a simulator or the journal is started.
 */
import { ConfigError, isLoopbackHost, parseConfig, wantsHelp, type Config } from './config/config';
import { USAGE } from './config/usage';
import { bootCore, type Core } from './boot/core';
import { readAppVersion, rendererDir } from './boot/paths';
import { createConsoleLog } from './log/logger';
import { ListenError, startBrowserServer, type BrowserServer } from './transports/browser-server';
import { loadBrowserToken, type TokenSource } from './transports/browser-token';

const READY_PREFIX = 'Veille console ready at ';

const TOKEN_NOTES: Record<TokenSource, string> = {
  flag: 'browser-mode port bound; token from --token (this launch only)',
  kept: 'browser-mode port bound; token kept from the previous launch (open tabs reconnect)',
  created: 'browser-mode port bound; new token saved for the next launches',
  rotated: 'browser-mode port bound; token replaced (--new-token): tabs opened with the old address are refused',
  replaced: 'browser-mode port bound; unreadable token file replaced by a new token',
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  let config: Config;
  try {
    config = parseConfig(argv, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`veille: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const consoleLog = createConsoleLog();
  const logger = consoleLog.logger;
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection (kept running)'));
  process.on('uncaughtException', (err) => logger.fatal({ err }, 'uncaught exception (kept running)'));
  if (!isLoopbackHost(config.host)) {
    logger.warn({ host: config.host }, 'serving on a non-loopback address: anyone who can reach it and has the token can operate');
  }

  let core: Core | null = null;
  let server: BrowserServer | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      logger.error('shutdown took more than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    await server?.close().catch((err: unknown) => logger.error({ err }, 'server close failed'));
    await core?.close();
    await consoleLog.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    const { token, source, file } = loadBrowserToken({ dataDir: config.dataDir, override: config.token, rotate: config.newToken, logger });
    await consoleLog.writeFiles(config.dataDir);
    server = await startBrowserServer({ host: config.host, port: config.port, token, rendererDir: rendererDir(), logger });
    logger.info({ port: server.port, tokenSource: source, tokenFile: source === 'flag' ? null : file }, TOKEN_NOTES[source]);
    core = await bootCore({
      config,
      logger,
      app: { version: readAppVersion(), runtime: 'browser', capabilities: { nativeNotifications: false } },
    });
    server.attach(core.host);
    // Calls: the page's audio socket feeds the voice service; recordings are served from its files.
    const voice = core.services.voice;
    if (voice) {
      voice.attachAudio(server.audio);
      server.serveRecordings((id) => voice.recordingFile(id));
    }
  } catch (err) {
    if (err instanceof ListenError) {
      // The operator's line first and alone; the details (no stack) follow in the structured log.
      process.stderr.write(`veille: ${err.message}\n`);
      logger.error({ code: err.code, host: config.host, port: config.port }, 'browser-mode port not available');
    } else {
      logger.fatal({ err }, 'console failed to start');
      process.stderr.write(`veille: failed to start: ${(err as Error).message}\n`);
    }
    await server?.close().catch(() => undefined);
    await core?.close();
    process.exit(1);
  }
  logger.info({ hub: core.hubUrl, demo: core.demo }, 'console started');
  process.stdout.write(`${READY_PREFIX}${server.url}\n`);
}

void main();

/**
 * Browser mode entry (out/main/browser.js): the console's services under
 * plain Node, serving the renderer and the contract on the loopback address.
 * Prints one line on stdout when ready; logs go to stderr.
 */
import { ConfigError, isLoopbackHost, parseConfig, type Config } from './config/config';
import { bootCore, type Core } from './boot/core';
import { readAppVersion, rendererDir } from './boot/paths';
import { createLogger } from './log/logger';
import { startBrowserServer, type BrowserServer } from './transports/browser-server';

const READY_PREFIX = 'Veille console ready at ';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`veille: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger();
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
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    core = await bootCore({
      config,
      logger,
      app: { version: readAppVersion(), runtime: 'browser', capabilities: { nativeNotifications: false } },
    });
    server = await startBrowserServer({
      host: config.host,
      port: config.port,
      token: config.token,
      rendererDir: rendererDir(),
      api: core.host,
      logger,
    });
  } catch (err) {
    logger.fatal({ err }, 'console failed to start');
    process.stderr.write(`veille: failed to start: ${(err as Error).message}\n`);
    await core?.close();
    process.exit(1);
  }
  logger.info({ hub: core.hubUrl, demo: core.demo, locale: config.locale }, 'console started');
  process.stdout.write(`${READY_PREFIX}${server.url}\n`);
}

void main();

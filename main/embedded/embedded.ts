/**
 * The demo: with no hub address configured, the console starts its own hub
 * (SQLite under <dataDir>/hub) and simulated beacons on the Saint-Nazaire
 * directory, so a fresh clone shows alarms arriving at once.
 */
import { join } from 'node:path';
import { startHub } from '../../server/hub/index';
import { startSimulator } from '../../server/simulator/index';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/hub/auth/users';
import { loadDemoDirectory } from '../../server/hub/paths';
import type { Logger } from '../log/logger';

export interface EmbeddedOptions {
  dataDir: string;
  logger: Logger;
  /** Alarms per minute; 0 or sim=false: no simulated alarms. */
  simRate: number;
  sim: boolean;
}

/** The accounts the hub seeds in demo mode, named in the start-up log. */
export const DEMO_ACCOUNTS = DEMO_USERS.map((u) => u.username);
export { DEMO_PASSWORD };

export interface EmbeddedDemo {
  hubUrl: string;
  close(): Promise<void>;
}

export async function startEmbeddedDemo(o: EmbeddedOptions): Promise<EmbeddedDemo> {
  const log = o.logger.child({ component: 'embedded-demo' });
  const directory = loadDemoDirectory();
  const hubDir = join(o.dataDir, 'hub');
  // The hub writes its own log file under hubDir, keeping the console's stderr readable.
  const hub = await startHub({ dataDir: hubDir, port: 0, demo: true, directory });
  let sim: { stop(): Promise<void> } | null = null;
  try {
    if (o.sim && o.simRate > 0) {
      const { key } = await hub.createGateway('console-demo-simulator');
      sim = startSimulator({
        hubUrl: hub.url,
        gatewayKey: key,
        directory,
        ratePerMinute: o.simRate,
        logger: log.child({ component: 'simulator' }, { level: 'warn' }),
      });
    }
  } catch (err) {
    await hub.close();
    throw err;
  }
  log.info(
    { hubUrl: hub.url, hubDir, simRate: sim ? o.simRate : 0, accounts: DEMO_ACCOUNTS },
    `embedded demo hub started (accounts ${DEMO_ACCOUNTS.join(', ')}; password ${DEMO_PASSWORD})`,
  );
  return {
    hubUrl: hub.url,
    async close() {
      await sim?.stop().catch((err: unknown) => log.error({ err }, 'simulator stop failed'));
      await hub.close();
    },
  };
}

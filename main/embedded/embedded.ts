/**
 * The demo: with no hub address configured, the console starts its own hub
 * (SQLite under <dataDir>/hub) with its SCAIP receiver on a free loopback port,
 * and simulated SCAIP beacons on the Saint-Nazaire directory (demo credentials,
 * heartbeats, HOLD until an operator takes the case), so a fresh clone shows
 * alarms arriving at once over the real protocol path. Their voice too: a beacon
 * calls the operator who took its case, and simulated 17 / 18 / 15 / city lines
 * answer behind the trunk the console is given (server/simulator/voice).
 */
import { join } from 'node:path';
import { startHub } from '../../server/hub/index';
import { startSimulation, type RunningSimulation } from '../../server/simulator/run';
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
  /** The hub's SCAIP receiver (UDP), a free port chosen at start. */
  sip: { host: string; port: number } | null;
  /** The simulated outside lines (17, 18, 15, the city, site contacts): the console's trunk, or null without voice. */
  trunk: string | null;
  close(): Promise<void>;
}

export async function startEmbeddedDemo(o: EmbeddedOptions): Promise<EmbeddedDemo> {
  const log = o.logger.child({ component: 'embedded-demo' });
  const directory = loadDemoDirectory();
  const hubDir = join(o.dataDir, 'hub');
  // The hub writes its own log file under hubDir, keeping the console's stderr readable.
  // Port 0: a free port, so a demo never fights a real receiver (or another demo) for 5060.
  const hub = await startHub({ dataDir: hubDir, port: 0, demo: true, directory, sip: { host: '127.0.0.1', port: 0 } });
  let sim: RunningSimulation | null = null;
  try {
    if (o.sim && o.simRate > 0) {
      sim = await startSimulation({ ratePerMinute: o.simRate }, { ...hub, dataDir: hubDir, demo: true }, directory, log.child({ component: 'simulator' }, { level: 'warn' }));
    }
  } catch (err) {
    await hub.close();
    throw err;
  }
  const sipAt = hub.sip ? `${hub.sip.host}:${hub.sip.port}` : 'none';
  log.info(
    { hubUrl: hub.url, hubDir, sip: hub.sip, simRate: sim ? o.simRate : 0, simProtocol: sim?.protocol ?? null, trunk: sim?.voice?.trunk ?? null, accounts: DEMO_ACCOUNTS },
    `embedded demo hub started (accounts ${DEMO_ACCOUNTS.join(', ')}; password ${DEMO_PASSWORD}; SCAIP on udp ${sipAt})`,
  );
  return {
    hubUrl: hub.url,
    sip: hub.sip,
    trunk: sim?.voice?.trunk ?? null,
    async close() {
      await sim?.stop().catch((err: unknown) => log.error({ err }, 'simulator stop failed'));
      await hub.close();
    },
  };
}

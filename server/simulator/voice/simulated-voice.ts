/**
 * The voice side of a simulation (what `npm run hub -- --demo --simulate` and the embedded
 * demo start): the directory's beacons call and answer through the hub, and the outside
 * lines (17, 18, 15, the city, the sites' contacts) answer behind a trunk the console is
 * given. Recordings go to <hub data dir>/simulator/recordings. A port that cannot be opened
 * leaves the simulation without voice, said in the log, never a failed start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Logger } from 'pino';
import type { Directory } from '@shared/domain/site';
import { findRepoRoot } from '../../hub/paths';
import { DEMO_BEACON_PASSWORD } from '../../hub/scaip/credentials';
import { startBeaconVoice, type BeaconVoice } from './beacon-voice';
import { startOutsideLines, type OutsideLines } from './outside-lines';

export interface SimulatedVoice {
  beacons: BeaconVoice;
  lines: OutsideLines;
  /** The trunk a console calls outside parties through: `sip:<address>:<port>`. */
  trunk: string;
  recordDir: string;
  close(): Promise<void>;
}

export async function startSimulatedVoice(o: { hub: { host: string; port: number }; directory: Directory; dataDir: string; logger: Logger }): Promise<SimulatedVoice | null> {
  const log = o.logger.child({ part: 'simulated-voice' });
  const recordDir = join(o.dataDir, 'simulator', 'recordings');
  let beacons: BeaconVoice | null = null;
  try {
    const known = new Set(o.directory.beacons.map((b) => b.id));
    beacons = await startBeaconVoice({
      hub: o.hub,
      credentials: (id) => (known.has(id) ? { user: id, password: DEMO_BEACON_PASSWORD } : null),
      directory: o.directory,
      recordDir: join(recordDir, 'beacons'),
      logger: o.logger,
    });
    const lines = await startOutsideLines({ recordDir: join(recordDir, 'lines'), cityNumbers: cityNumbers(log), logger: o.logger });
    const b = beacons;
    log.info({ beacons: `${b.address}:${b.port}`, trunk: lines.trunk, recordDir }, 'simulated voice: beacons call and answer, outside lines answer behind the trunk');
    return {
      beacons: b,
      lines,
      trunk: lines.trunk,
      recordDir,
      async close() {
        await Promise.all([b.close(), lines.close()]);
      },
    };
  } catch (err) {
    await beacons?.close().catch(() => undefined);
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'simulated voice not started: the simulation goes on without calls');
    return null;
  }
}

/** The city's safety officer's number from the centre's contacts (resources/scripts/centre/contacts.yaml): its line answers as the city. */
function cityNumbers(log: Logger): string[] {
  const root = findRepoRoot();
  const file = root ? join(root, 'resources', 'scripts', 'centre', 'contacts.yaml') : null;
  if (!file || !existsSync(file)) return [];
  try {
    const contacts = parse(readFileSync(file, 'utf8')) as Record<string, { number?: unknown } | undefined>;
    const n = contacts['city-safety']?.number;
    return typeof n === 'string' ? [n] : [];
  } catch (err) {
    log.warn({ file, err: err instanceof Error ? err.message : String(err) }, 'simulated voice: centre contacts unreadable; the city line answers as a contact');
    return [];
  }
}

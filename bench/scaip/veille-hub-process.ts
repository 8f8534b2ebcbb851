/**
 * The hub as production runs it, in its own process: SCAIP receiver on loopback, demo
 * accounts, and a bench directory of N PPMS beacons spread over the demo's sites (demo mode
 * provisions every directory beacon with the documented demo password).
 * Prints one JSON line {url, sipPort, beacons} on stdout once listening.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { Directory } from '@shared/domain/site';
import { DEMO_BEACON_PASSWORD } from '../../server/hub/scaip/credentials';
import { startHub } from '../../server/hub/index';

const [dataDir, count = '500'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: veille-hub-process <data dir> [beacons]');
const demo = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')) as Directory;
const beacons = Array.from({ length: Number(count) }, (_, i) => ({
  id: `BENCH-${String(i).padStart(4, '0')}`,
  siteId: demo.sites[i % demo.sites.length]!.id,
  use: 'ppms' as const,
  label: `Balise de banc ${i}`,
}));
const hub = await startHub({ dataDir, port: 0, demo: true, directory: { sites: demo.sites, beacons }, logger: pino({ level: 'silent' }), sip: { host: '127.0.0.1', port: 0 } });
process.stdout.write(JSON.stringify({ url: hub.url, sipPort: hub.sip!.port, beacons: beacons.map((b) => ({ id: b.id, password: DEMO_BEACON_PASSWORD })) }) + '\n');
const stop = () => void hub.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * The hub as its own process for benches (as in production: the console and the hub do not
 * share an event loop). Prints one JSON line {url, key} on stdout once listening.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { Directory } from '@shared/domain/site';
import { startHub } from '../server/hub/index';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hub-process <data dir>');
const directory = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')) as Directory;
// One case per alarm: the journal bench times each alarm to its own case in the console's store.
const hub = await startHub({ dataDir, port: 0, demo: true, directory, logger: pino({ level: 'silent' }), grouping: { groupWindowMs: 0 } });
const { key } = await hub.createGateway('bench');
process.stdout.write(JSON.stringify({ url: hub.url, key }) + '\n');
const stop = () => void hub.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

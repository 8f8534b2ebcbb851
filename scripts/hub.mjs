// `npm run hub`: the alarm hub alone (flags: --port, --host, --data-dir, --demo, --simulate,
// --flood <siteId> for a PPMS-alert flood at one site; `npm run hub -- --help` lists them all).
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-if-stale.mjs';
import { runSupervised } from './lib/supervise.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfStale(root);
// Stops with npm, like the console (lib/supervise.mjs).
runSupervised(process.execPath, ['out/main/hub.js', ...process.argv.slice(2)], { cwd: root, label: 'the hub' });

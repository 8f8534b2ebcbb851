// `npm run hub`: the alarm hub alone (flags: --port, --host, --data-dir, --demo, --simulate).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-if-stale.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfStale(root);
const child = spawn(process.execPath, ['out/main/hub.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

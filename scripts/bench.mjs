// `npm run bench`: TypeScript benches run with tsx, with the Node tsconfig's path aliases.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-if-stale.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The UI bench drives the built console (out/main/browser.js).
buildIfStale(root);
const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
});
process.exit(res.status ?? 1);

// `npm test`: every check a change must pass, in the order that fails fastest.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './lib/system-packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureSystemPackages();

const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  ['lint', bin('eslint'), ['.']],
  ['typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']],
  ['typecheck (e2e)', bin('tsc'), ['-p', 'tsconfig.e2e.json', '--noEmit']],
  ['unit and service tests', bin('vitest'), ['run']],
  ['build', bin('electron-vite'), ['build']],
  ['end-to-end tests (Chromium, browser mode)', bin('playwright'), ['test']],
];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`\n✗ ${name} failed`);
    process.exit(res.status ?? 1);
  }
}
console.log('\n✓ all checks passed');

// Runs `electron-vite build` when out/ is missing or older than any source file,
// so `npm start` and `npm run hub` work on a fresh clone without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['main', 'preload', 'renderer', 'shared', 'server', 'resources/demo'];
const CONFIGS = ['electron.vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(full)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(root, join(path, entry)));
  }
  return newest;
}

export function buildIfStale(root) {
  const stamp = join(root, 'out', '.build-stamp');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const newest = Math.max(...[...SOURCES, ...CONFIGS].map((p) => newestMtime(root, p)));
  if (built > newest) return;
  console.log('Building Veille (electron-vite build)…');
  const res = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) {
    console.error('Build failed: see the output above.');
    process.exit(res.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString() + '\n');
}

/**
 * Finds the repo root at run time. This code runs from server/hub (tsx, vitest)
 * and bundled into out/main/*.js (electron-vite), so paths relative to
 * import.meta.url differ: we walk up until resources/demo/directory.json appears.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Directory } from '@shared/domain/site';

const MARKER = join('resources', 'demo', 'directory.json');

function walkUp(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function findRepoRoot(): string | null {
  let here: string | null = null;
  try {
    here = dirname(fileURLToPath(import.meta.url));
  } catch {
    here = null; // bundled as CommonJS or from a data: URL
  }
  return (here && walkUp(here)) ?? walkUp(process.cwd());
}

/** resources/ folder: explicit option first, else found from the repo root. */
export function findResourcesDir(explicit?: string): string {
  if (explicit) return explicit;
  const root = findRepoRoot();
  if (!root) throw new Error(`Cannot find ${MARKER} above ${process.cwd()}: pass resourcesDir to startHub.`);
  return join(root, 'resources');
}

export function loadDirectoryFile(file: string): Directory {
  const parsed = Directory.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid directory file ${file}: ${parsed.error.message}`);
  return parsed.data;
}

export function loadDemoDirectory(resourcesDir?: string): Directory {
  return loadDirectoryFile(join(findResourcesDir(resourcesDir), 'demo', 'directory.json'));
}

/** The package version, for /health; "0.0.0" when package.json is not beside resources/. */
export function readVersion(resourcesDir?: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(findResourcesDir(resourcesDir), '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

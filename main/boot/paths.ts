/**
 * Finding files at run time. This code runs from main/ (vitest, tsx) and bundled
 * into out/main/*.js, so the package root is found by walking up to Veille's
 * package.json rather than by a fixed relative path. (The hub has its own finder in
 * server/hub/paths.ts: the console does not import the hub's code.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of this (possibly bundled) module, or null when import.meta.url is not a file. */
export function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

function readPackage(dir: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}

function walkUp(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (readPackage(dir)?.name === 'veille') return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The folder of Veille's package.json, above this module or else above the working folder. */
export function findPackageRoot(): string | null {
  const here = moduleDir();
  return (here && walkUp(here)) ?? walkUp(process.cwd());
}

/** The built renderer: out/renderer beside out/main when bundled, else under the package root. */
export function rendererDir(): string {
  const here = moduleDir();
  const beside = here ? resolve(here, '..', 'renderer') : null;
  if (beside && existsSync(join(beside, 'index.html'))) return beside;
  const root = findPackageRoot();
  return root ? join(root, 'out', 'renderer') : resolve('out', 'renderer');
}

/** The package version ("0.0.0" when package.json cannot be found). */
export function readAppVersion(): string {
  const root = findPackageRoot();
  const version = root ? readPackage(root)?.version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}

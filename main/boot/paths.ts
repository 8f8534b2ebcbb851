/**
 * Finding files at run time. This code runs from main/ (vitest, tsx) and
 * bundled into out/main/*.js, so we walk up to the folder that holds
 * resources/demo/directory.json instead of trusting a fixed relative path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Folder of this (possibly bundled) module, or null when import.meta.url is not a file. */
export function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

export function findRepoRoot(): string | null {
  const here = moduleDir();
  return (here && walkUp(here)) ?? walkUp(process.cwd());
}

export function demoDirectoryFile(): string {
  const root = findRepoRoot();
  if (!root) throw new Error(`Cannot find ${MARKER} above ${moduleDir() ?? '?'} or ${process.cwd()}.`);
  return join(root, MARKER);
}

/** The built renderer: out/renderer beside out/main when bundled, else under the repo root. */
export function rendererDir(): string {
  const here = moduleDir();
  const beside = here ? resolve(here, '..', 'renderer') : null;
  if (beside && existsSync(join(beside, 'index.html'))) return beside;
  const root = findRepoRoot();
  return root ? join(root, 'out', 'renderer') : resolve('out', 'renderer');
}

export function readAppVersion(): string {
  const root = findRepoRoot();
  try {
    const pkg = JSON.parse(readFileSync(join(root ?? '.', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

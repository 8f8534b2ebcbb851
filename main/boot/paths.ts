/**
 * Finding files at run time. This code runs from main/ (vitest, tsx) and bundled
 * into out/main/*.js, so the repo root is found by walking up (server/hub/paths.ts)
 * rather than by a fixed relative path.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot, readVersion } from '../../server/hub/paths';

/** Folder of this (possibly bundled) module, or null when import.meta.url is not a file. */
export function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

/** The built renderer: out/renderer beside out/main when bundled, else under the repo root. */
export function rendererDir(): string {
  const here = moduleDir();
  const beside = here ? resolve(here, '..', 'renderer') : null;
  if (beside && existsSync(join(beside, 'index.html'))) return beside;
  const root = findRepoRoot();
  return root ? join(root, 'out', 'renderer') : resolve('out', 'renderer');
}

export const readAppVersion = (): string => readVersion();

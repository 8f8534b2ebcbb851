/**
 * The directory's copy on disk (<dataDir>/directory.json): what a console shows when it
 * starts with the hub away. Written whole to a temporary file, then renamed over the old
 * one, so a crash mid-write leaves the previous copy, never half a file. A file that does
 * not parse is moved aside (kept for a look) and the console starts with no copy.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DirectorySnapshot } from '@shared/hub-protocol/directory';
import type { Logger } from '../log/logger';

export const CachedDirectory = z.object({ syncedAt: z.string(), directory: DirectorySnapshot });
export type CachedDirectory = z.infer<typeof CachedDirectory>;

export function readCachedDirectory(file: string, log: Logger): CachedDirectory | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = CachedDirectory.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    log.error({ file, issues: parsed.error.issues.slice(0, 5) }, 'directory cache unreadable: moved aside, starting without a copy');
  } catch (err) {
    log.error({ file, err: (err as Error).message }, 'directory cache unreadable: moved aside, starting without a copy');
  }
  try {
    renameSync(file, `${file}.corrupt-${Date.now()}`);
  } catch (err) {
    log.warn({ file, err: (err as Error).message }, 'directory cache could not be moved aside');
  }
  return null;
}

export function writeCachedDirectory(file: string, cached: CachedDirectory): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(cached));
  renameSync(tmp, file);
}

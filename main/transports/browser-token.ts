/**
 * The browser-mode token, kept in <dataDir>/browser-token so that a console
 * restarted after a crash answers the tab the operator still has open. Only
 * the owner may read it (0600): whoever holds it can operate the console.
 * Only anomalies are logged here; the caller logs the source once the port is bound.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_PATTERN } from '../config/config';
import type { Logger } from '../log/logger';

export const TOKEN_FILE = 'browser-token';

export type TokenSource = 'flag' | 'kept' | 'created' | 'rotated' | 'replaced';

export interface BrowserTokenOptions {
  dataDir: string;
  /** --token: used for this launch, the file is left untouched. */
  override: string | null;
  /** --new-token: a fresh token replaces the kept one. */
  rotate: boolean;
  logger: Logger;
}

export const newToken = (): string => randomBytes(32).toString('base64url');

function writeTokenFile(file: string, token: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  // Created 0600 from the start (never readable by others, even for a moment), then renamed
  // over the old file so a crash mid-write leaves either the old token or the new one.
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${token}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function loadBrowserToken(o: BrowserTokenOptions): { token: string; source: TokenSource; file: string } {
  const file = join(o.dataDir, TOKEN_FILE);
  const log = o.logger.child({ component: 'browser-token' });
  if (o.override !== null) return { token: o.override, source: 'flag', file };
  mkdirSync(o.dataDir, { recursive: true });

  if (o.rotate) {
    const token = newToken();
    writeTokenFile(file, token);
    return { token, source: 'rotated', file };
  }
  if (!existsSync(file)) {
    const token = newToken();
    writeTokenFile(file, token);
    return { token, source: 'created', file };
  }
  let kept: string;
  try {
    kept = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`Cannot read the browser-mode token ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!TOKEN_PATTERN.test(kept)) {
    const token = newToken();
    writeTokenFile(file, token);
    log.warn({ file }, 'browser-mode token file unreadable as a token: replaced by a new one');
    return { token, source: 'replaced', file };
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log.warn({ file }, 'browser-mode token file was readable by others: made private (0600); consider --new-token');
  }
  return { token: kept, source: 'kept', file };
}

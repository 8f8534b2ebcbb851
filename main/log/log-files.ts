/**
 * The console's rotated log files, under <dataDir>/logs: console.log.1,
 * console.log.2, … (the highest number is the newest). A file is closed
 * at maxSize and only the newest `keep` files stay, so logs never fill the
 * operator's disk. Writes are synchronous like stderr's: a crash keeps its
 * last lines.
 */
import { join } from 'node:path';
import pinoRoll from 'pino-roll';
import type { SonicBoom } from 'sonic-boom';

export interface LogRotation {
  /** Size that closes a file: '10m', '512k', '300b'. */
  maxSize: string;
  /** Files kept, the one being written included. */
  keep: number;
}

export const DEFAULT_ROTATION: LogRotation = { maxSize: '10m', keep: 5 };

export interface LogFiles {
  /** The folder holding the files. */
  dir: string;
  stream: SonicBoom;
  close(): Promise<void>;
}

export const LOG_BASENAME = 'console.log';

export const logFolder = (dataDir: string): string => join(dataDir, 'logs');

export async function openLogFiles(dataDir: string, rotation: LogRotation = DEFAULT_ROTATION): Promise<LogFiles> {
  const dir = logFolder(dataDir);
  const stream = await pinoRoll({
    file: join(dir, LOG_BASENAME),
    size: rotation.maxSize,
    limit: { count: rotation.keep, removeOtherLogFiles: true },
    mkdir: true,
    sync: true,
  });
  let closed: Promise<void> | null = null;
  return {
    dir,
    stream,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.once('error', () => resolve());
        stream.end();
      })),
  };
}

/**
 * Structured logs go to stderr, so stdout carries only the "ready" line that
 * scripts and end-to-end tests wait for; once the data folder is known they
 * also go to rotated files there (log-files.ts). Synchronous writes: a crash
 * must not swallow its last log lines.
 */
import pino from 'pino';
import { openLogFiles, type LogFiles, type LogRotation } from './log-files';

export type Logger = pino.Logger;

export interface ConsoleLog {
  logger: Logger;
  /**
   * From now on, also write to rotated files under <dataDir>/logs. Resolves to
   * that folder, or null when it cannot be written (said on stderr; the console
   * runs on with stderr only: a log folder is no reason to stop answering alarms).
   */
  writeFiles(dataDir: string, rotation?: LogRotation): Promise<string | null>;
  /** Flushes and closes the files; stderr stays. */
  close(): Promise<void>;
}

const level = (): string => process.env.VEILLE_LOG_LEVEL ?? 'info';

export function createConsoleLog(logLevel = level()): ConsoleLog {
  // Every stream takes every record the logger lets through: the logger's level decides.
  const streams = pino.multistream([{ level: 'trace', stream: pino.destination({ dest: 2, sync: true }) }]);
  const logger = pino({ level: logLevel, base: { app: 'veille-console' } }, streams);
  let files: LogFiles | null = null;

  return {
    logger,
    async writeFiles(dataDir, rotation) {
      if (files) return files.dir;
      try {
        files = await openLogFiles(dataDir, rotation);
      } catch (err) {
        logger.warn({ err, dataDir }, 'log files not writable; logging to stderr only');
        return null;
      }
      const opened = files;
      let broken = false;
      opened.stream.on('error', (err: Error) => {
        if (broken) return;
        // A full disk or a removed folder: stop writing there, say it once on stderr.
        broken = true;
        logger.error({ err, dir: opened.dir }, 'log file write failed; logging to stderr only');
      });
      streams.add({ level: 'trace', stream: { write: (line: string) => void (broken || opened.stream.write(line)) } });
      return opened.dir;
    },
    async close() {
      await files?.close();
    },
  };
}

export function createLogger(logLevel = level()): Logger {
  return createConsoleLog(logLevel).logger;
}

/** For tests and for callers that pass no logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

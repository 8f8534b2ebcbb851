/**
 * Structured logs go to stderr, so stdout carries only the "ready" line that
 * scripts and end-to-end tests wait for. Synchronous writes: a crash must not
 * swallow its last log lines.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = process.env.VEILLE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'veille-console' } }, pino.destination({ dest: 2, sync: true }));
}

/** For tests and for callers that pass no logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

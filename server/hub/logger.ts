import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/**
 * Default hub logger: JSON lines in <dataDir>/hub.log, plus stderr when asked
 * (CLI). Synchronous writes: the last lines before a crash are the ones we need.
 */
export function createHubLogger(dataDir: string, alsoStderr: boolean): Logger {
  mkdirSync(dataDir, { recursive: true });
  const file = pino.destination({ dest: join(dataDir, 'hub.log'), mkdir: true, sync: true });
  const level = process.env.VEILLE_LOG_LEVEL ?? 'info';
  if (!alsoStderr) return pino({ level, base: { svc: 'hub' } }, file);
  return pino(
    { level, base: { svc: 'hub' } },
    pino.multistream([{ stream: file, level: level as pino.Level }, { stream: pino.destination(2), level: level as pino.Level }]),
  );
}

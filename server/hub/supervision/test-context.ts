/** Test fixture: a hub context on a real SQLite database (migrated), the parts supervision uses. Not used in production. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { HubBusEvents, HubContext } from '../context';
import { openDatabase } from '../db/database';
import { indexDirectory } from '../directory-index';
import { createSerial } from '../serial';
import { captureLogger, TEST_DIRECTORY } from '../test-helpers';

export interface SupervisionFixture {
  hub: HubContext;
  /** What the hub logged, parsed. */
  lines: () => { level: number; msg: string; [k: string]: unknown }[];
  cleanup(): Promise<void>;
}

/** `dataDir`: a hub's data folder the caller owns (left in place); default a temp folder removed at cleanup. */
export async function supervisionFixture(dataDir?: string): Promise<SupervisionFixture> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'veille-supervision-'));
  const { logger, lines } = captureLogger();
  const db = await openDatabase(join(dir, 'hub.sqlite'), logger as Logger);
  const serial = createSerial();
  const hub = {
    db,
    logger,
    lookup: indexDirectory(TEST_DIRECTORY),
    bus: new EventEmitter<HubBusEvents>(),
    serial: serial.run,
    broadcast: (c) => hub.bus.emit('case.changed', c),
    demo: true,
    startedAt: Date.now(),
    version: 'test',
  } as Omit<HubContext, 'tokens'> as HubContext; // tokens: no console here
  return {
    hub,
    lines,
    async cleanup() {
      await serial.idle();
      await db.destroy();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

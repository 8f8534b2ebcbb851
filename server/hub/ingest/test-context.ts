/** Test fixture: a hub context on a real, migrated SQLite database, with what intake uses. Not used in production. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ulid } from 'ulid';
import type { Alarm } from '@shared/domain/alarm';
import type { Case } from '@shared/domain/case';
import type { Directory } from '@shared/domain/site';
import type { HubBusEvents, HubContext } from '../context';
import { openDatabase } from '../db/database';
import { indexDirectory } from '../directory-index';
import { createSerial } from '../serial';
import { captureLogger, TEST_DIRECTORY } from '../test-helpers';
import { DEFAULT_GROUPING, type IngestOptions } from './options';

/** The test directory plus a second beacon at the school (B-3), for grouping by site. */
export const GROUPING_DIRECTORY: Directory = {
  sites: TEST_DIRECTORY.sites,
  beacons: [...TEST_DIRECTORY.beacons, { id: 'B-3', siteId: 'school-test', use: 'ppms', label: 'Balise PPMS — salle 3' }],
};

export interface IntakeFixture {
  hub: HubContext;
  /** Every case the hub broadcast, in order: what consoles received. */
  broadcasts: Case[];
  lines: () => { level: number; msg: string; [k: string]: unknown }[];
  cleanup(): Promise<void>;
}

export async function intakeFixture(ingest: Partial<IngestOptions> = {}, directory: Directory = GROUPING_DIRECTORY): Promise<IntakeFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'veille-intake-'));
  const { logger, lines } = captureLogger();
  const db = await openDatabase(join(dir, 'hub.sqlite'), logger as Logger);
  const serial = createSerial();
  const broadcasts: Case[] = [];
  const hub = {
    db,
    logger,
    lookup: indexDirectory(directory),
    bus: new EventEmitter<HubBusEvents>(),
    serial: serial.run,
    broadcast: (c: Case) => {
      broadcasts.push(c);
      hub.bus.emit('case.changed', c);
    },
    demo: true,
    startedAt: Date.now(),
    version: 'test',
    ingest: { ...DEFAULT_GROUPING, ...ingest },
  } as Omit<HubContext, 'tokens'> as HubContext; // tokens: no console here
  return {
    hub,
    broadcasts,
    lines,
    async cleanup() {
      await serial.idle();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A SCAIP-like alarm of beacon B-1 (school-test) unless told otherwise. */
export function scaipAlarm(over: Partial<Alarm> = {}): Alarm {
  const beaconId = over.beaconId ?? 'B-1';
  return {
    source: `scaip:${beaconId}`,
    protocol: 'scaip',
    beaconId,
    reference: ulid(),
    kind: 'ppms.intrusion',
    occurredAt: new Date().toISOString(),
    position: null,
    drill: false,
    text: null,
    details: {},
    raw: '<mrq/>',
    ...over,
  };
}

import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { JournalEvent } from '@shared/domain/journal';
import type { Case } from '@shared/domain/case';
import type { TokenService } from './auth/tokens';
import type { HubDb } from './db/database';
import type { BeaconLookup } from './directory-index';
import type { IngestOptions } from './ingest/options';
import type { Serial } from './serial';
import type { VoiceRouter } from './voice/router';

/** What the HTTP routes and the console namespace share. */
export interface HubContext {
  db: HubDb;
  logger: Logger;
  tokens: TokenService;
  lookup: (beaconId: string) => BeaconLookup | undefined;
  version: string;
  /** Demo accounts or simulated beacons: consoles label everything as a demo. */
  demo: boolean;
  startedAt: number;
  /** Every commit that changes a case, and every snapshot read, runs through here; alarm intake in its own lane (see serial.ts). */
  serial: Serial;
  /** Sends a changed case to every console; call it inside `serial`, after the commit. */
  broadcast: (c: Case) => void;
  /** Grouping and restore windows (ingest/options.ts); absent = DEFAULT_GROUPING. */
  ingest?: IngestOptions;
  /** In-process notifications between hub features (case history, supervision). */
  bus: EventEmitter<HubBusEvents>;
  /** Voice routing on the SCAIP port (registrar for consoles, proxy for beacon calls); absent without a SIP port. */
  voice?: VoiceRouter;
}

export type HubBusEvents = {
  /** Console journal events newly stored (not duplicates), after their commit. */
  'journal.stored': [events: JournalEvent[]];
  /** A case changed (alarm intake, a console's command, an automatic closure), after its commit and broadcast. */
  'case.changed': [c: Case];
  /** A beacon's position arrived (an alarm's, a heartbeat's): the site geofence checks it (directory/geofence.ts). */
  'beacon.position': [report: { beaconId: string; position: { lat: number; lon: number }; at: string }];
};

/**
 * Registers the simulator's drills in a hub's drill registry (server/hub/drills), the way the
 * city's staff does it in the software: through the hub's database folder, as the admin CLI's
 * `drill add` does beside a running hub (WAL, busy timeout). Opened on the first drill only.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { openDatabase, type HubDb } from '../hub/db/database';
import { addDrill } from '../hub/drills/drills';
import type { DrillAnnouncer } from './drills';

export interface HubDrillAnnouncer {
  announce: DrillAnnouncer;
  close(): Promise<void>;
}

export function hubDrillAnnouncer(hubDataDir: string, logger: Logger): HubDrillAnnouncer {
  let db: Promise<HubDb> | null = null;
  return {
    async announce(w) {
      db ??= openDatabase(join(hubDataDir, 'hub.sqlite'), logger);
      await addDrill(await db, { siteId: w.siteId, from: w.from, to: w.to, note: w.note, createdBy: 'simulator' });
      logger.info({ siteId: w.siteId, from: w.from.toISOString(), to: w.to.toISOString() }, 'simulated drill registered');
    },
    async close() {
      if (db) await (await db.catch(() => null))?.destroy();
    },
  };
}

/** The hub's site directory: store, seed, edits, the /console requests, the geofence. */
import type { Logger } from 'pino';
import type { Directory } from '@shared/domain/site';
import type { HubDb } from '../db/database';
import { findResourcesDir } from '../paths';
import { loadDemoExtras, seedDirectory } from './seed';
import { openSiteDirectory, type SiteDirectory } from './store';

export { attachDirectory, type DirectoryFeature } from './socket';
export { startGeofence, type GeofenceWatch, type PositionReport } from './geofence';
export type { SiteDirectory } from './store';

/**
 * Opens the directory and adds what `seed` has that the database lacks. The demo's access
 * codes and floor plans come with it when `demo` (resources/demo, resources/plans).
 */
export async function openHubDirectory(db: HubDb, logger: Logger, seed: Directory, opts: { demo?: boolean; resourcesDir?: string }): Promise<SiteDirectory> {
  const store = await openSiteDirectory(db, logger);
  let extras = {};
  if (opts.demo) {
    try {
      extras = loadDemoExtras(findResourcesDir(opts.resourcesDir), store.logger);
    } catch (err) {
      store.logger.warn({ err: (err as Error).message }, 'demo plans and access codes not found: directory seeded without them');
    }
  }
  if (seed.sites.length + seed.beacons.length > 0) await seedDirectory(store, { directory: seed, ...extras });
  return store;
}

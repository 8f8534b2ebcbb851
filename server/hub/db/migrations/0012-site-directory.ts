import type { Kysely, Migration } from 'kysely';

/**
 * Version 12: the site directory lives in the hub's database, edited by admins and journaled.
 * - `directory_sites` / `directory_beacons`: one JSON document per site or beacon (shared/domain/site.ts),
 *   `deleted_at` kept as a tombstone so a deleted demo site is not seeded back at the next start.
 *   A site's `access_codes` (JSON) live beside it, never in its document.
 * - `directory_plans`: one floor plan (GeoJSON, shared/domain/site-plan.ts) per site.
 * - `directory_changes`: the directory's journal, one row per change; `revision` is the
 *   directory's version after it, `command_id` makes an admin's resend answer the first time.
 * - `beacon_geofence`: per beacon, whether its last position was outside its site ("hors de son
 *   site") and the alarm reference of that episode: one alarm per episode.
 */
export const m0012SiteDirectory: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('directory_sites')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('access_codes', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute();
    await db.schema
      .createTable('directory_beacons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute();
    await db.schema.createIndex('directory_beacons_site').on('directory_beacons').column('site_id').execute();
    await db.schema
      .createTable('directory_plans')
      .addColumn('site_id', 'text', (c) => c.primaryKey())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('directory_changes')
      .addColumn('revision', 'integer', (c) => c.primaryKey())
      .addColumn('command_id', 'text', (c) => c.unique())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text')
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      // JSON: the document before and after (null when created / deleted); access codes never.
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('access_code_count', 'integer')
      .execute();
    await db.schema
      .createTable('beacon_geofence')
      .addColumn('beacon_id', 'text', (c) => c.primaryKey())
      .addColumn('outside_since', 'text')
      .addColumn('reference', 'text')
      .addColumn('last_lat', 'real')
      .addColumn('last_lon', 'real')
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * Version 9: SCAIP beacons' digest credentials. Only HA1 = MD5(beaconId:realm:password) is
 * kept (what digest needs; the password itself is never stored), with the realm it was made
 * for: a realm change makes the row unusable rather than silently wrong.
 */
export const m0009BeaconCredentials: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('beacon_credentials')
      .addColumn('beacon_id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('realm', 'text', (c) => c.notNull())
      .addColumn('ha1', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};

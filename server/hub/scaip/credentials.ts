/**
 * Beacon credentials for SCAIP digest authentication (table beacon_credentials, migration
 * 0009). The digest username is the beacon's id: an authenticated message is from that
 * beacon, whatever its From header says.
 */
import { digestHa1 } from '../../sip/digest-server';
import type { HubDb } from '../db/database';

export interface BeaconCredentialsTable {
  beacon_id: string;
  site_id: string;
  realm: string;
  ha1: string;
  created_at: string;
  updated_at: string;
}

// The table is declared here, beside its only users, rather than in db/schema.ts.
declare module '../db/schema' {
  interface HubDatabase {
    beacon_credentials: BeaconCredentialsTable;
  }
}

/** The digest realm of Veille's SCAIP receiver; a beacon is provisioned with it. */
export const SCAIP_REALM = 'veille';

/** Password of every demo beacon (docs/SCAIP.md): demo only, never on a real hub. */
export const DEMO_BEACON_PASSWORD = 'veille-demo';

export interface BeaconCredentialRow {
  beaconId: string;
  siteId: string;
  createdAt: string;
  updatedAt: string;
}

/** HA1 of a beacon for `realm`, or null: unknown beacon, or provisioned for another realm. */
export async function beaconHa1(db: HubDb, beaconId: string, realm = SCAIP_REALM): Promise<string | null> {
  const row = await db.selectFrom('beacon_credentials').select(['ha1', 'realm']).where('beacon_id', '=', beaconId).executeTakeFirst();
  return row && row.realm === realm ? row.ha1 : null;
}

/** Sets (or replaces) a beacon's password; true when the beacon already had one. */
export async function setBeaconCredentials(db: HubDb, c: { beaconId: string; siteId: string; password: string; realm?: string }): Promise<boolean> {
  const realm = c.realm ?? SCAIP_REALM;
  const now = new Date().toISOString();
  const ha1 = digestHa1(c.beaconId, realm, c.password);
  const before = await db.selectFrom('beacon_credentials').select('beacon_id').where('beacon_id', '=', c.beaconId).executeTakeFirst();
  await db
    .insertInto('beacon_credentials')
    .values({ beacon_id: c.beaconId, site_id: c.siteId, realm, ha1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('beacon_id').doUpdateSet({ site_id: c.siteId, realm, ha1, updated_at: now }))
    .execute();
  return before !== undefined;
}

export async function listBeaconCredentials(db: HubDb): Promise<BeaconCredentialRow[]> {
  // ha1 is never selected, so it cannot end up in any output.
  const rows = await db.selectFrom('beacon_credentials').select(['beacon_id', 'site_id', 'created_at', 'updated_at']).orderBy('beacon_id').execute();
  return rows.map((r) => ({ beaconId: r.beacon_id, siteId: r.site_id, createdAt: r.created_at, updatedAt: r.updated_at }));
}

export async function removeBeaconCredentials(db: HubDb, beaconId: string): Promise<boolean> {
  const r = await db.deleteFrom('beacon_credentials').where('beacon_id', '=', beaconId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Demo: every directory beacon that has no credentials gets DEMO_BEACON_PASSWORD (existing ones are left alone). */
export async function seedDemoBeacons(db: HubDb, beacons: readonly { id: string; siteId: string }[]): Promise<number> {
  const have = new Set((await db.selectFrom('beacon_credentials').select('beacon_id').execute()).map((r) => r.beacon_id));
  const missing = beacons.filter((b) => !have.has(b.id));
  if (missing.length === 0) return 0;
  const now = new Date().toISOString();
  await db
    .insertInto('beacon_credentials')
    .values(missing.map((b) => ({ beacon_id: b.id, site_id: b.siteId, realm: SCAIP_REALM, ha1: digestHa1(b.id, SCAIP_REALM, DEMO_BEACON_PASSWORD), created_at: now, updated_at: now })))
    .execute();
  return missing.length;
}

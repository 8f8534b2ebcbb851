/**
 * Ingest gateways from the command line. Keys are issued by auth/gateways.ts
 * (format "<gatewayId>.<secret>", only a hash stored); this file adds
 * list / remove and tells the caller whether an add was a rotation.
 */
import { createGateway } from '../auth/gateways';
import type { HubDb } from '../db/database';
import { AdminRefusal, UsageError } from './errors';

export interface GatewayRow {
  id: string;
  name: string;
  createdAt: string;
}

export function checkGatewayName(name: string): string {
  if (name !== name.trim() || name.length < 1 || name.length > 100 || /\p{C}/u.test(name)) {
    throw new UsageError(`Invalid gateway name "${name}": 1 to 100 printable characters, no leading or trailing spaces.`);
  }
  return name;
}

/** A new key for `name`; for an existing name the previous key stops working at once. */
export async function addGateway(db: HubDb, name: string): Promise<{ gatewayId: string; key: string; rotated: boolean }> {
  const before = await db.selectFrom('gateways').select('id').where('name', '=', name).executeTakeFirst();
  const { gatewayId, key } = await createGateway(db, name);
  return { gatewayId, key, rotated: before?.id === gatewayId };
}

export async function listGateways(db: HubDb): Promise<GatewayRow[]> {
  // key_hash is never selected, so it cannot end up in any output.
  const rows = await db.selectFrom('gateways').select(['id', 'name', 'created_at']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

/** Its key is refused from now on; alarms it already sent stay (their source keeps the gateway id). */
export async function removeGateway(db: HubDb, name: string): Promise<void> {
  const r = await db.deleteFrom('gateways').where('name', '=', name).executeTakeFirst();
  if (r.numDeletedRows === 0n) throw new AdminRefusal(`No gateway "${name}".`);
}

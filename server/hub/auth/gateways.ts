/**
 * Ingest gateways. A key is "<gatewayId>.<secret>"; only sha256(secret) is
 * stored. The secret is 32 random bytes, so a fast hash is enough (no
 * dictionary to slow down), and checking it costs nothing per alarm.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import type { HubDb } from '../db/database';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Issues a key for the gateway called `name`. If that name exists its key is
 * rotated (the old key stops working), so an embedded simulator restarting
 * does not pile up gateways.
 */
export async function createGateway(db: HubDb, name: string): Promise<{ gatewayId: string; key: string }> {
  const secret = randomBytes(32).toString('base64url');
  const keyHash = sha256(secret);
  const existing = await db.selectFrom('gateways').select('id').where('name', '=', name).executeTakeFirst();
  let gatewayId: string;
  if (existing) {
    gatewayId = existing.id;
    await db.updateTable('gateways').set({ key_hash: keyHash }).where('id', '=', gatewayId).execute();
  } else {
    gatewayId = ulid();
    await db
      .insertInto('gateways')
      .values({ id: gatewayId, name, key_hash: keyHash, created_at: new Date().toISOString() })
      .execute();
  }
  return { gatewayId, key: `${gatewayId}.${secret}` };
}

/** Returns the gateway for an Authorization header value, or null. */
export async function authenticateGateway(
  db: HubDb,
  authorization: string | undefined,
): Promise<{ id: string; name: string } | null> {
  const m = /^Bearer\s+([^.\s]+)\.(\S+)$/i.exec(authorization ?? '');
  if (!m) return null;
  const [, gatewayId, secret] = m as unknown as [string, string, string];
  const row = await db.selectFrom('gateways').selectAll().where('id', '=', gatewayId).executeTakeFirst();
  const given = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(row?.key_hash ?? '0'.repeat(64), 'hex');
  const same = given.length === stored.length && timingSafeEqual(given, stored);
  return row && same ? { id: row.id, name: row.name } : null;
}

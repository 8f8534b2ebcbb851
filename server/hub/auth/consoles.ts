/**
 * Console identities. A console registers with an operator's access token and gets
 * a key "<consoleId>.<secret>"; only sha256(secret) is stored (32 random bytes: no
 * dictionary to slow down, so a fast hash is enough, as for gateway keys). The key
 * authenticates the console's journal lane whoever is logged in on it; the operators
 * who ever logged in there (console_operators) are the only authors it may send for.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HubDb } from '../db/database';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const KEY = /^([0-9a-fA-F-]{36})\.([A-Za-z0-9_-]{20,100})$/;

function splitKey(key: string | undefined): { consoleId: string; secret: string } | null {
  const m = KEY.exec(key ?? '');
  return m ? { consoleId: m[1]!, secret: m[2]! } : null;
}

function sameHash(secret: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedHash ?? '0'.repeat(64), 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored) && storedHash !== undefined;
}

export interface RegisterOutcome {
  /** The new key, when one was issued; undefined when the console's current key was kept. */
  key?: string;
  keyStatus: 'kept' | 'issued';
  /** An existing console's key was replaced (its old key is refused from now on). */
  rotated: boolean;
  /** First login of this operator on this console. */
  newOperator: boolean;
}

/**
 * Registers `consoleId` for `operatorId`: a valid current key is kept, otherwise a new
 * one is issued (a rotation, for a console the hub knew). Either way the (console,
 * operator) pair is recorded. One transaction: a key is never half-issued.
 */
export async function registerConsole(
  db: HubDb,
  input: { consoleId: string; name?: string; operatorId: string; currentKey?: string },
  now = new Date().toISOString(),
): Promise<RegisterOutcome> {
  const { consoleId } = input;
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('consoles').select(['key_hash', 'name']).where('id', '=', consoleId).executeTakeFirst();
    const given = splitKey(input.currentKey);
    const keep = row !== undefined && given?.consoleId === consoleId && sameHash(given.secret, row.key_hash);
    let key: string | undefined;
    if (!keep) {
      const secret = randomBytes(32).toString('base64url');
      key = `${consoleId}.${secret}`;
      if (row) {
        await trx.updateTable('consoles').set({ key_hash: sha256(secret), rotated_at: now, name: input.name ?? row.name }).where('id', '=', consoleId).execute();
      } else {
        await trx.insertInto('consoles').values({ id: consoleId, name: input.name ?? null, key_hash: sha256(secret), created_at: now, rotated_at: null }).execute();
      }
    } else if (input.name !== undefined && input.name !== row.name) {
      await trx.updateTable('consoles').set({ name: input.name }).where('id', '=', consoleId).execute();
    }
    const pair = await trx
      .insertInto('console_operators')
      .values({ console_id: consoleId, operator_id: input.operatorId, first_seen_at: now })
      .onConflict((oc) => oc.columns(['console_id', 'operator_id']).doNothing())
      .executeTakeFirst();
    return { key, keyStatus: keep ? 'kept' : 'issued', rotated: !keep && row !== undefined, newOperator: Number(pair.numInsertedOrUpdatedRows ?? 0n) > 0 };
  });
}

/** The console whose key is in this Authorization header value ("Bearer <consoleId>.<secret>"), or null. */
export async function authenticateConsole(db: HubDb, authorization: string | undefined): Promise<{ id: string } | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const given = splitKey(m?.[1]);
  if (!given) return null;
  const row = await db.selectFrom('consoles').select(['id', 'key_hash']).where('id', '=', given.consoleId).executeTakeFirst();
  return row && sameHash(given.secret, row.key_hash) ? { id: row.id } : null;
}

/** Of these operators, the ones who have logged in on this console. */
export async function operatorsOfConsole(db: HubDb, consoleId: string, operatorIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(operatorIds)];
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db
      .selectFrom('console_operators')
      .select('operator_id')
      .where('console_id', '=', consoleId)
      .where('operator_id', 'in', ids.slice(i, i + 200))
      .execute();
    for (const r of rows) found.add(r.operator_id);
  }
  return found;
}

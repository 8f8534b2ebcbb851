/** Operator accounts: argon2 password hashes, demo seeding, first admin from env. */
import { hash, verify } from '@node-rs/argon2';
import { ulid } from 'ulid';
import type { Operator, Role } from '@shared/domain/operator';
import type { HubDb } from '../db/database';

const DEMO_PASSWORD = 'veille-demo';

/** Fictional people: the demo must never show a real person's name. */
const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'operateur1', displayName: 'Camille Morvan', role: 'operator' },
  { username: 'operateur2', displayName: 'Yanis Le Goff', role: 'operator' },
  { username: 'superviseur', displayName: 'Hélène Guérin', role: 'supervisor' },
  { username: 'formateur', displayName: 'Marc Denis', role: 'trainer' },
  { username: 'admin', displayName: 'Administration', role: 'admin' },
];

export async function createUser(
  db: HubDb,
  u: { username: string; displayName: string; role: Role; password: string },
): Promise<Operator> {
  const id = ulid();
  await db
    .insertInto('users')
    .values({
      id,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: await hash(u.password),
      created_at: new Date().toISOString(),
    })
    .execute();
  return { id, username: u.username, displayName: u.displayName, role: u.role };
}

/** Idempotent: existing demo accounts are left as they are. */
export async function seedDemoUsers(db: HubDb): Promise<void> {
  for (const u of DEMO_USERS) {
    const found = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (!found) await createUser(db, { ...u, password: DEMO_PASSWORD });
  }
}

/** First start outside demo: create "admin" only when no admin account exists yet. */
export async function ensureAdmin(db: HubDb, password: string | undefined): Promise<boolean> {
  if (!password) return false;
  const anyAdmin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (anyAdmin) return false;
  await createUser(db, { username: 'admin', displayName: 'Administration', role: 'admin', password });
  return true;
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a username and password. An unknown username still costs one argon2
 * verify, so response time does not reveal which usernames exist.
 */
export async function checkPassword(db: HubDb, username: string, password: string): Promise<Operator | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) {
    dummyHash ??= hash('not-a-real-password-' + ulid());
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  if (!ok) return null;
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role as Role };
}

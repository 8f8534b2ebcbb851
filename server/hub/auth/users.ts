/** Operator accounts: argon2 password hashes, demo seeding, first admin from env. */
import { hash, verify } from '@node-rs/argon2';
import { ulid } from 'ulid';
import type { Operator, Role } from '@shared/domain/operator';
import type { HubDb } from '../db/database';

export const DEMO_PASSWORD = 'veille-demo';

/** One rule for every way an account gets a password (admin commands, VEILLE_ADMIN_PASSWORD). */
export const MIN_PASSWORD_LENGTH = 10;
/** The login schema (Credentials in shared/domain/operator.ts) refuses longer ones: such an account could never log in. */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `it must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters (the login form refuses longer ones)`;
  return null;
}

/** The hub's configuration is refused before it starts serving; the CLI exits with status 2. */
export class HubConfigError extends Error {
  override name = 'HubConfigError';
}

/** Fictional people: the demo must never show a real person's name. */
export const DEMO_USERS: readonly { username: string; displayName: string; role: Role }[] = [
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

/**
 * First start outside demo: create "admin" only when no admin account exists yet.
 * The password follows the admin commands' rule; it is checked only when it would
 * be used, so a hub that has its admin is never kept from starting by a stale variable.
 */
export async function ensureAdmin(db: HubDb, password: string | undefined): Promise<boolean> {
  if (!password) return false;
  const anyAdmin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (anyAdmin) return false;
  const problem = passwordProblem(password);
  if (problem) throw new HubConfigError(`VEILLE_ADMIN_PASSWORD refused: ${problem}. No admin account was created.`);
  await createUser(db, { username: 'admin', displayName: 'Administration', role: 'admin', password });
  return true;
}

export async function countUsers(db: HubDb): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
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

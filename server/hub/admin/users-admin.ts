/**
 * Operator accounts from the command line. Creation and password checks go
 * through auth/users.ts; this file adds the rules an administrator needs
 * told up front (length, duplicates) and the list / passwd / remove verbs.
 */
import { hash } from '@node-rs/argon2';
import { Role } from '@shared/domain/operator';
import { revokeOperatorSessions } from '../auth/sessions';
import { createUser, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/users';
import { isUniqueViolation, type HubDb } from '../db/database';
import { AdminRefusal, UsageError } from './errors';

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

/** Login trims the username and caps it at 64, so anything with spaces or longer could never log in. */
const USERNAME = /^[^\s\p{C}]{1,64}$/u;

export function checkUsername(username: string): string {
  if (!USERNAME.test(username)) throw new UsageError(`Invalid username "${username}": 1 to 64 characters, no spaces.`);
  return username;
}

export function checkRole(role: string): Role {
  const r = Role.safeParse(role);
  if (!r.success) throw new UsageError(`Invalid role "${role}": one of ${Role.options.join(', ')}.`);
  return r.data;
}

export function checkDisplayName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100 || /\p{C}/u.test(trimmed)) {
    throw new UsageError('Invalid --name: 1 to 100 printable characters (it is shown to other operators).');
  }
  return trimmed;
}

export function checkPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new AdminRefusal(`Password refused: ${problem}. Nothing changed.`);
  return password;
}

export interface UserRow {
  username: string;
  displayName: string;
  role: string;
}

export async function addUser(db: HubDb, u: { username: string; displayName: string; role: Role; password: string }): Promise<void> {
  const taken = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
  const exists = () => new AdminRefusal(`User "${u.username}" already exists; use "user passwd ${u.username}" to change the password.`);
  if (taken) throw exists();
  try {
    await createUser(db, u);
  } catch (err) {
    // Someone else created the same username between our check and the insert.
    if (isUniqueViolation(err)) throw exists();
    throw err;
  }
}

/**
 * Changes the password and ends the user's open sessions in the same transaction: a
 * console logged in with the old password is cut off within a second by the running
 * hub (console/session-watch.ts) and must log in with the new one. Returns how many
 * sessions were ended.
 */
export async function setPassword(db: HubDb, username: string, password: string): Promise<number> {
  // Same argon2 call and defaults as createUser, so checkPassword verifies both alike.
  const passwordHash = await hash(password);
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) throw new AdminRefusal(`No user "${username}".`);
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    return (await revokeOperatorSessions(trx, user.id, 'password-changed')).length;
  });
}

export async function listUsers(db: HubDb): Promise<UserRow[]> {
  // Hashes are never selected, so they cannot end up in any output.
  const rows = await db.selectFrom('users').select(['username', 'display_name', 'role']).orderBy('username').execute();
  return rows.map((r) => ({ username: r.username, displayName: r.display_name, role: r.role }));
}

/**
 * Refused while the user holds claimed cases: they would stay "taken" by an
 * account that can no longer log in. Releasing them here is not an option:
 * this process cannot tell the running hub's consoles, which would then show
 * a stale owner. The user's sessions end in the same transaction (the running
 * hub disconnects their consoles within a second); their rows stay for audit.
 * Returns how many sessions were ended.
 */
export async function removeUser(db: HubDb, username: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) throw new AdminRefusal(`No user "${username}".`);
    const held = await trx
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_id', '=', user.id)
      .where('status', '=', 'claimed')
      .executeTakeFirstOrThrow();
    if (Number(held.n) > 0) {
      throw new AdminRefusal(
        `User "${username}" still holds ${held.n} claimed case(s): release them (« Relâcher ») or close them first, then retry.`,
      );
    }
    const ended = await revokeOperatorSessions(trx, user.id, 'account-removed');
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
    return ended.length;
  });
}

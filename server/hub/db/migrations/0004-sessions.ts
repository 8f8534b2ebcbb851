import type { Kysely, Migration } from 'kysely';

/**
 * Version 4: operator sessions. A login opens a session (at most 12 h) bound to
 * one console; short access tokens name it, and an opaque refresh token, stored
 * only as a sha256, renews them. Revoking the row ends every token of it.
 * No foreign key to users: the rows outlive a removed account, for audit.
 */
export const m0004Sessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      // The journal's consoleId the console sent at login; NULL when it sent none.
      .addColumn('console_id', 'text')
      .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
      // The refresh token just replaced and when: a retry of a refresh whose answer was lost.
      .addColumn('prev_refresh_hash', 'text')
      .addColumn('rotated_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .execute();
    await db.schema.createIndex('sessions_operator').on('sessions').columns(['operator_id', 'revoked_at']).execute();
    // Every refresh token a session has used up: presenting one again is theft or a bug, and ends the session.
    await db.schema
      .createTable('session_refresh_used')
      .addColumn('refresh_hash', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('session_refresh_used_session').on('session_refresh_used').column('session_id').execute();
  },
};

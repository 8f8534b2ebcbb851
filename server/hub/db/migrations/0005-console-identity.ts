import type { Kysely, Migration } from 'kysely';

/**
 * Version 5: consoles have their own identity. A console registers (with an operator's
 * access token) and gets a key of its own, stored only as a sha256; its journal reaches
 * the hub with that key whoever is logged in. console_operators records who has logged
 * in on which console: the only operators whose events that console may send.
 * journal_gaps: where a console's chain, as stored here, has a hole.
 */
export const m0005ConsoleIdentity: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('consoles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text')
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // When the key was last replaced (the console lost it, or someone registered its id without it).
      .addColumn('rotated_at', 'text')
      .execute();
    await db.schema
      .createTable('console_operators')
      .addColumn('console_id', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('console_operators_pk', ['console_id', 'operator_id'])
      .execute();
    await db.schema
      .createTable('journal_gaps')
      .addColumn('console_id', 'text', (c) => c.notNull())
      // The hash the hub does not hold: the prev_hash of event_id.
      .addColumn('missing_hash', 'text', (c) => c.notNull())
      // First stored event after the hole.
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      // Set when the missing event arrives.
      .addColumn('closed_at', 'text')
      .addPrimaryKeyConstraint('journal_gaps_pk', ['console_id', 'missing_hash'])
      .execute();
    await db.schema.createIndex('journal_gaps_open').on('journal_gaps').columns(['closed_at', 'console_id']).execute();
    // Chain continuity looks events up by their own hash within a console. Nothing looks them up
    // by prev_hash: that index (0003) only slowed every insert (random keys), so it goes.
    await db.schema.createIndex('journal_console_hash').on('journal').columns(['console_id', 'hash']).execute();
    await db.schema.dropIndex('journal_console_prev').ifExists().execute();
  },
};

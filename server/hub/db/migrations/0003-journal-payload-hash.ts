import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Version 3: consoles chain a digest of each payload (payload_hash), so a retention purge
 * can empty a payload and keep the chain verifiable. Rows of version 2 were hashed the old
 * way by walking-skeleton consoles: kept as they are in journal_v1, and a new table starts.
 */
export const m0003JournalPayloadHash: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE journal RENAME TO journal_v1`.execute(db);
    await db.schema.dropIndex('journal_case').ifExists().execute();
    await db.schema.dropIndex('journal_console_at').ifExists().execute();
    await db.schema
      .createTable('journal')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      // NULL once purged by retention.
      .addColumn('payload', 'text')
      .addColumn('payload_hash', 'text', (c) => c.notNull())
      .addColumn('console_id', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('received_from', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('journal_case').on('journal').columns(['case_id', 'at']).execute();
    await db.schema.createIndex('journal_console_at').on('journal').columns(['console_id', 'at']).execute();
    await db.schema.createIndex('journal_console_prev').on('journal').columns(['console_id', 'prev_hash']).execute();
  },
};

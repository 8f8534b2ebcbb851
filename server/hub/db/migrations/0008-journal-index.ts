import type { Kysely, Migration } from 'kysely';

/**
 * Version 8: journal_console_at goes. Every query by console uses (console_id, hash), which
 * also serves console_id alone; one index fewer to update on each of a backlog's inserts.
 */
export const m0008JournalIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('journal_console_at').ifExists().execute();
  },
};

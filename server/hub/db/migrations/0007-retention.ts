import type { Kysely, Migration } from 'kysely';

/** Version 7: every retention purge leaves a row saying when, up to which date, and what it emptied. */
export const m0007Retention: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('purges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('cutoff', 'text', (c) => c.notNull())
      .addColumn('retention_days', 'integer', (c) => c.notNull())
      /** 'schedule' (the hub's daily run) or 'cli:<system user>'. */
      .addColumn('by', 'text', (c) => c.notNull())
      /** JSON: rows emptied per table. */
      .addColumn('counts', 'text', (c) => c.notNull())
      .execute();
  },
};

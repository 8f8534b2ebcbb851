import type { Kysely, Migration } from 'kysely';

/**
 * Version 6: the hub's own case history (alarm received, case opened, claimed, released,
 * closed), written in the transaction of the change it records. `case_version` is the
 * version the change gave the case, so the event can be found again when that version is
 * broadcast.
 */
export const m0006CaseEvents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('case_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('case_version', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // NULL for the hub's own doing (alarm intake).
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text')
      // JSON object; NULL once purged by retention.
      .addColumn('payload', 'text')
      .execute();
    await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'case_version']).execute();
  },
};

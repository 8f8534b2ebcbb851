import type { Kysely, Migration } from 'kysely';

/**
 * Version 13: escalation scripts shared between consoles (server/hub/scripts). One row
 * per case: the script it follows (JSON, the version it started with) and the inputs the
 * consoles applied (JSON array, merged by input id), so a supervisor taking over a case
 * continues its script where the operator stopped.
 */
export const m0013CaseScripts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('case_scripts')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('script_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('script', 'text', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('input_count', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('case_scripts').execute();
  },
};

/** First schema. Schema-builder only (no raw SQL) so it also runs on PostgreSQL. */
import type { Kysely, Migration } from 'kysely';

export const m0001Initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('gateways')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('drill', 'integer', (c) => c.notNull())
      .addColumn('beacon_id', 'text', (c) => c.notNull())
      .addColumn('site_id', 'text')
      .addColumn('site_name', 'text', (c) => c.notNull())
      .addColumn('site_kind', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('position_lat', 'double precision')
      .addColumn('position_lon', 'double precision')
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('owner_name', 'text')
      .addColumn('claimed_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('closed_by', 'text')
      .addColumn('closure_code', 'text')
      .addColumn('closure_note', 'text')
      .execute();
    await db.schema.createIndex('cases_status').on('cases').column('status').execute();

    await db.schema
      .createTable('alarms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('beacon_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('position', 'text')
      .addColumn('drill', 'integer', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addUniqueConstraint('alarms_source_beacon_reference', ['source', 'beacon_id', 'reference'])
      .execute();
    await db.schema.createIndex('alarms_case').on('alarms').column('case_id').execute();

    await db.schema
      .createTable('commands')
      .addColumn('command_id', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('journal')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('console_id', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('received_from', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('journal_case').on('journal').column('case_id').execute();
    await db.schema.createIndex('journal_console_at').on('journal').columns(['console_id', 'at']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['journal', 'commands', 'alarms', 'cases', 'gateways', 'users']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};

import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Version 10: a case groups several alarms (same beacon or same site within the grouping
 * window). The case row keeps how many it holds, when the last one came and the beacon's
 * abort (SCAIP `mty=RE`), so a console gets them with the case and no extra read.
 * Alarms that open no case (status reports, a restore with nothing to restore) get their
 * own table: kept for audit and resend de-duplication, never in anyone's queue.
 */
export const m0010AlarmGrouping: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('alarm_count', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('cases').addColumn('last_alarm_at', 'text').execute();
    await db.schema.alterTable('cases').addColumn('beacon_abort_at', 'text').execute();
    await db.schema.alterTable('cases').addColumn('beacon_abort_text', 'text').execute();
    // Existing cases hold their one alarm.
    await sql`update cases set last_alarm_at = received_at where last_alarm_at is null`.execute(db);
    // Grouping looks for the live case of a beacon or of a site.
    await db.schema.createIndex('cases_beacon_status').on('cases').columns(['beacon_id', 'status']).execute();
    await db.schema.createIndex('cases_site_status').on('cases').columns(['site_id', 'status']).execute();
    await db.schema
      .createTable('loose_alarms')
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
      .addColumn('details', 'text')
      .addColumn('raw', 'text', (c) => c.notNull())
      .addUniqueConstraint('loose_alarms_source_beacon_reference', ['source', 'beacon_id', 'reference'])
      .execute();
    // The case's alarms list shows details too (SCAIP dty, stc…).
    await db.schema.alterTable('alarms').addColumn('details', 'text').execute();
  },
};

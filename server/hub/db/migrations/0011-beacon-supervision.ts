import type { Kysely, Migration } from 'kysely';

/**
 * Version 11: beacon supervision and registered drills.
 * - `beacon_states`: one row per beacon heard at least once (heartbeat or status), its
 *   health and when it must speak again (`deadline_at`, indexed: the watcher's sweep).
 * - `beacon_silences`: one row per silence episode ("balise muette" raised once, ended by
 *   the next sign of life), for the record and for supervisors.
 * - `drills`: windows per site in which alarms are exercises (registered on request).
 * - an index on alarms (beacon_id, received_at): an alarm is a sign of life too, and the
 *   watcher looks for one before calling a beacon silent.
 */
export const m0011BeaconSupervision: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('beacon_states')
      .addColumn('beacon_id', 'text', (c) => c.primaryKey())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_heartbeat_at', 'text')
      // The period in force (seconds) and an administrator's override of the per-use default.
      .addColumn('period_s', 'integer', (c) => c.notNull())
      .addColumn('period_override_s', 'integer')
      .addColumn('deadline_at', 'text', (c) => c.notNull())
      .addColumn('battery', 'integer')
      .addColumn('charger', 'text')
      .addColumn('mains', 'text')
      .addColumn('position_lat', 'real')
      .addColumn('position_lon', 'real')
      .addColumn('position_at', 'text')
      .addColumn('last_self_test_at', 'text')
      .addColumn('last_self_test_ok', 'integer')
      .addColumn('last_test_transmission_at', 'text')
      // JSON: the last heartbeat's protocol fields, as received.
      .addColumn('last_details', 'text')
      .addColumn('silent_since', 'text')
      .addColumn('silence_reference', 'text')
      .execute();
    await db.schema.createIndex('beacon_states_deadline').on('beacon_states').columns(['silent_since', 'deadline_at']).execute();
    await db.schema
      .createTable('beacon_silences')
      .addColumn('reference', 'text', (c) => c.primaryKey())
      .addColumn('beacon_id', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('raised_at', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema.createIndex('beacon_silences_beacon').on('beacon_silences').columns(['beacon_id', 'raised_at']).execute();
    await db.schema
      .createTable('drills')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull())
      // [starts_at, ends_at): ISO-8601 UTC, so text order is time order.
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('drills_site').on('drills').columns(['site_id', 'starts_at']).execute();
    await db.schema.createIndex('alarms_beacon_received').on('alarms').columns(['beacon_id', 'received_at']).execute();
  },
};

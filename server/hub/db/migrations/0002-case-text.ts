import type { Kysely, Migration } from 'kysely';

/** Version 2: the beacon's free text travels with the case to the operator. */
export const m0002CaseText: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('text', 'text').execute();
  },
};

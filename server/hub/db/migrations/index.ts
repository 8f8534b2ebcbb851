/** Every migration, by name; Kysely runs them in name order. Add, never edit. */
import type { Migration } from 'kysely';
import { m0001Initial } from './0001-initial';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001Initial,
};

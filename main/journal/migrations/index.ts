/**
 * Ordered schema migrations, one file per version. PRAGMA user_version holds
 * the version reached; each migration runs in its own transaction.
 */
import type Database from 'better-sqlite3';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-payload-hash';
import { migration0003 } from './0003-commands';
import { migration0004 } from './0004-recordings';
import { migration0005 } from './0005-scripts';

export const MIGRATIONS: readonly string[] = [migration0001, migration0002, migration0003, migration0004, migration0005];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `journal schema version ${current} is newer than this console knows (${MIGRATIONS.length}); refusing to touch it`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

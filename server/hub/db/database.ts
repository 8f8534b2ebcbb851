import Database from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, Migrator, SqliteDialect, type SqliteDatabase, type SqliteDialectConfig, SqliteDriver } from 'kysely';
import type { Logger } from 'pino';
import { migrations } from './migrations';
import type { HubDatabase } from './schema';

export type HubDb = Kysely<HubDatabase>;

// A deferred BEGIN takes the write lock only at the first write; if another process (the
// admin commands) commits in between, SQLite fails the transaction at once with
// SQLITE_BUSY and the busy timeout never applies. BEGIN IMMEDIATE waits for the lock.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query again; on the alarm path that cost as much as the queries
 * themselves. Statements are kept by their SQL text (queries with IN lists vary, hence the
 * bound, oldest out first). Safe because better-sqlite3 runs each statement to completion
 * synchronously; a statement being iterated (a stream) is never handed out again.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = sqlite.prepare(sql);
      if (hit) return stmt;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/**
 * Opens <file>, migrates it to the latest schema and returns the Kysely handle.
 * synchronous=FULL: an alarm the hub acknowledged must survive a power cut.
 */
export async function openDatabase(file: string, logger: Logger): Promise<HubDb> {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<HubDatabase>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  // Unordered: a data folder that ran a later-numbered migration first (work landed in parallel)
  // still gets the earlier one; each migration only adds, so the order between them is free.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'migration applied');
    else if (r.status === 'Error') logger.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) {
    await db.destroy();
    throw new Error(`Hub database migration failed for ${file}: ${String(error)}`);
  }
  return db;
}

/** True for a unique-key violation on SQLite or PostgreSQL (a concurrent insert won). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505';
}

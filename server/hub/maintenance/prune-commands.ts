/**
 * The `commands` table keeps each command's first answer so that a resend with
 * the same commandId gets it back instead of acting twice. A console resends
 * within seconds, or after an outage of hours; past COMMAND_RETENTION_MS
 * (7 days, docs/PROTOCOL.md) an id is forgotten and its row deleted, so the
 * table stays the size of a week of commands.
 *
 * The job runs at hub start and every hour, and deletes in chunks of
 * PRUNE_CHUNK rows: SQLite has one connection, and one huge DELETE would hold
 * alarm intake back for its whole length; between two chunks everything
 * waiting for the database goes first.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { HubDb } from '../db/database';

export const COMMAND_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
export const PRUNE_CHUNK = 500;

/** Deletes the commands created before `cutoff` (ISO-8601, the format rows are written in); returns how many. */
export async function pruneCommands(db: HubDb, cutoff: string, shouldStop: () => boolean = () => false): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await db
      .deleteFrom('commands')
      .where('command_id', 'in', db.selectFrom('commands').select('command_id').where('created_at', '<', cutoff).limit(PRUNE_CHUNK))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    total += n;
    if (n < PRUNE_CHUNK || shouldStop()) return total;
    await nextTurn();
  }
}

export interface CommandPruningOptions {
  /** How long a command id is remembered; default COMMAND_RETENTION_MS (7 days). */
  retentionMs?: number;
  /** Default PRUNE_INTERVAL_MS (1 hour). */
  intervalMs?: number;
  /** The clock the cutoff is computed from; tests inject one. */
  now?: () => number;
}

export interface CommandPruning {
  /** Prunes now (or joins the run in progress); resolves with the rows deleted. Never rejects. */
  runNow(): Promise<number>;
  /** No more runs; resolves once a run in progress has finished its current chunk. */
  stop(): Promise<void>;
}

/** Starts the job: a first run at once, then one every interval. */
export function startCommandPruning(db: HubDb, logger: Logger, opts: CommandPruningOptions = {}): CommandPruning {
  const retentionMs = opts.retentionMs ?? COMMAND_RETENTION_MS;
  const now = opts.now ?? Date.now;
  let stopped = false;
  let running: Promise<number> | null = null;

  async function prune(): Promise<number> {
    try {
      const cutoff = new Date(now() - retentionMs).toISOString();
      const deleted = await pruneCommands(db, cutoff, () => stopped);
      if (deleted > 0) logger.info({ deleted, before: cutoff }, 'old command answers pruned');
      return deleted;
    } catch (err) {
      logger.error({ err }, 'command pruning failed; the next run retries');
      return 0;
    }
  }

  const runNow = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    running ??= prune().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => void runNow(), opts.intervalMs ?? PRUNE_INTERVAL_MS);
  timer.unref();
  void runNow();

  return {
    runNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

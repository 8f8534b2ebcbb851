/**
 * Opens the journal's SQLite file durably. A corrupt file is never silently
 * dropped: it is moved aside next to the new one and the move is logged loudly.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../log/logger';
import { migrate } from './migrations';

export interface OpenDbOptions {
  /** Path to a better_sqlite3.node built for another ABI (Electron packaging). */
  nativeBinding?: string;
  logger?: Logger;
}

export interface OpenedDb {
  db: Database.Database;
  /** Where a corrupt journal was moved, when this open had to start a fresh one. */
  recoveredFrom: string | null;
}

export class JournalOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalOpenError';
  }
}

class CorruptJournal extends Error {}

function openChecked(file: string, opts: OpenDbOptions): Database.Database {
  const db = new Database(file, { nativeBinding: opts.nativeBinding, timeout: 1000 });
  try {
    // Exclusive before WAL: one console process per journal (a second writer would fork the
    // hash chain), and the WAL index lives in memory, so no -shm file to go stale.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    // FULL: a committed event survives power loss and kill -9, not just a process crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CorruptJournal(`quick_check reported: ${String(check)}`);
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function isCorruption(err: unknown): boolean {
  if (err instanceof CorruptJournal) return true;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

export function openDb(file: string, opts: OpenDbOptions = {}): OpenedDb {
  mkdirSync(dirname(file), { recursive: true });
  try {
    return { db: openChecked(file, opts), recoveredFrom: null };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY') {
      throw new JournalOpenError(`Journal ${file} is in use by another Veille console process; stop it first.`, { cause: err });
    }
    if (!isCorruption(err)) {
      throw new JournalOpenError(`Cannot open journal ${file}: ${(err as Error).message}`, { cause: err });
    }
    const movedTo = moveAside(file);
    opts.logger?.fatal(
      { file, movedTo, err },
      'JOURNAL CORRUPT: the unreadable journal was moved aside and kept for investigation; a fresh journal was started',
    );
    return { db: openChecked(file, opts), recoveredFrom: movedTo };
  }
}

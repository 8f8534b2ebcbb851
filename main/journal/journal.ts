/**
 * The console's action log: every operator action is an event, chained by
 * hash, and queued in the outbox in the same transaction. The local write is
 * the commit; the hub copy follows through the outbox.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { ApiError } from '@shared/contract/errors';
import { GENESIS_HASH, JournalTypeName, payloadProblem, type JournalEvent, type JournalType } from '@shared/domain/journal';
import { chainHash, payloadHash } from './hash';
import { openDb, type OpenDbOptions } from './open-db';

export interface AppendInput {
  operatorId: string;
  caseId: string | null;
  type: JournalType;
  payload: Record<string, unknown>;
}

/** An event as stored: the payload is the stored JSON text (sent as it is, never re-serialised). */
export type StoredEvent = Omit<JournalEvent, 'payload'> & { payload: string | null };

export interface Outbox {
  /** Events still to send (not refused), every operator's, oldest first: the hub gets the chain in order. */
  pending(limit: number): JournalEvent[];
  /** The same as stored, for the sender: a payload is sent as the text that was hashed. */
  pendingStored(limit: number): StoredEvent[];
  /** Events still to send (not refused). */
  pendingCount(): number;
  /** Removes acknowledged events from the outbox; unknown ids are ignored. */
  ack(ids: readonly string[]): number;
  /** Marks events the hub refused: they stay in the outbox, are no longer sent, and are counted. */
  reject(ids: readonly string[], reason: string): number;
  /** Every event not yet at the hub, refused ones included. */
  count(): number;
  rejectedCount(): number;
}

export interface Journal {
  readonly consoleId: string;
  readonly file: string;
  /** Set when a corrupt journal was found at start and moved to this path. */
  readonly recoveredFrom: string | null;
  /**
   * Writes the event and its outbox row in one transaction. `within` runs inside that
   * transaction (e.g. a command queue row written with its intent): if it throws, nothing
   * is written.
   */
  append(input: AppendInput, within?: (e: JournalEvent) => void): JournalEvent;
  /** Runs fn in one transaction on the journal's database (appends inside it join it). */
  transaction<T>(fn: () => T): T;
  /** The journal's SQLite handle, for tables other main/ features keep beside the events. */
  readonly db: Database.Database;
  /** Small console settings kept with the journal (console identity, credentials). */
  meta: { get(key: string): string | null; set(key: string, value: string): void };
  /** Newest first. */
  list(q: { caseId?: string; limit: number }): JournalEvent[];
  /** Id of the first event whose hash or link does not match, or null when the chain is intact. */
  verifyChain(): string | null;
  readonly outbox: Outbox;
  onAppend(listener: (e: JournalEvent) => void): () => void;
  close(): void;
}

/** An `events` row as SQLite returns it (the console's file, and the hub's journal columns alike). */
export type EventRow = {
  id: string;
  at: string;
  operator_id: string;
  case_id: string | null;
  type: string;
  payload: string | null;
  payload_hash: string;
  console_id: string;
  prev_hash: string;
  hash: string;
};

function storedFromRow(r: EventRow): StoredEvent {
  return {
    id: r.id,
    at: r.at,
    operatorId: r.operator_id,
    caseId: r.case_id,
    type: r.type as JournalType,
    payload: r.payload,
    payloadHash: r.payload_hash,
    consoleId: r.console_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function fromRow(r: EventRow): JournalEvent {
  return { ...storedFromRow(r), payload: r.payload === null ? null : (JSON.parse(r.payload) as Record<string, unknown>) };
}

function ensureConsoleId(db: Database.Database): string {
  const row = db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'console_id'`).get();
  if (row) return row.value;
  const id = randomUUID();
  db.prepare(`INSERT INTO meta (key, value) VALUES ('console_id', ?)`).run(id);
  return id;
}

/**
 * The hub refuses what it cannot store; refusing it here instead keeps it out of the chain
 * and tells the caller at once, instead of an event stuck in the outbox.
 */
function refuseUnjournalable(input: AppendInput): void {
  const problem = payloadProblem(input.payload);
  if (problem) throw new ApiError('invalid-argument', `Événement de journal refusé (${input.type}) : ${problem}`);
  const type = JournalTypeName.safeParse(input.type);
  if (!type.success) throw new ApiError('invalid-argument', `Type d'événement de journal invalide : ${input.type.slice(0, 80)}`);
  if (input.operatorId === '' || input.operatorId.length > 64 || (input.caseId !== null && (input.caseId === '' || input.caseId.length > 64))) {
    throw new ApiError('invalid-argument', 'Événement de journal refusé : opérateur ou dossier invalide');
  }
}

export interface OpenJournalOptions extends OpenDbOptions {
  now?: () => Date;
}

export function openJournal(file: string, opts: OpenJournalOptions = {}): Journal {
  const { db, recoveredFrom } = openDb(file, opts);
  const now = opts.now ?? (() => new Date());
  const newId = monotonicFactory();
  const consoleId = ensureConsoleId(db);
  const listeners = new Set<(e: JournalEvent) => void>();

  const lastHashStmt = db.prepare<[], { hash: string }>('SELECT hash FROM events ORDER BY seq DESC LIMIT 1');
  const insertEvent = db.prepare(
    `INSERT INTO events (id, at, operator_id, case_id, type, payload, payload_hash, console_id, prev_hash, hash)
     VALUES (@id, @at, @operatorId, @caseId, @type, @payload, @payloadHash, @consoleId, @prevHash, @hash)`,
  );
  const insertOutbox = db.prepare('INSERT INTO outbox (event_id, seq) VALUES (?, ?)');
  const listAll = db.prepare<[number], EventRow>('SELECT * FROM events ORDER BY seq DESC LIMIT ?');
  const listCase = db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE case_id = ? ORDER BY seq DESC LIMIT ?');
  const pendingStmt = db.prepare<[number], EventRow>(
    'SELECT e.* FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.rejected_at IS NULL ORDER BY o.seq LIMIT ?',
  );
  const pendingCountStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE rejected_at IS NULL');
  const rejectStmt = db.prepare('UPDATE outbox SET rejected_at = ?, rejected_reason = ? WHERE event_id = ?');
  const rejectedCountStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE rejected_at IS NOT NULL');
  const ackStmt = db.prepare('DELETE FROM outbox WHERE event_id = ?');
  const countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox');

  // The previous hash is read inside the transaction, so the chain stays linear.
  const appendTx = db.transaction((input: AppendInput, within?: (e: JournalEvent) => void): JournalEvent => {
    const prevHash = lastHashStmt.get()?.hash ?? GENESIS_HASH;
    // JSON round trip: what is hashed is exactly what is stored and later re-read.
    const payload = JSON.parse(JSON.stringify(input.payload)) as Record<string, unknown>;
    const base = {
      id: newId(),
      at: now().toISOString(),
      operatorId: input.operatorId,
      caseId: input.caseId,
      type: input.type,
      payloadHash: payloadHash(payload),
      consoleId,
    };
    const event: JournalEvent = { ...base, payload, prevHash, hash: chainHash(prevHash, base) };
    const info = insertEvent.run({ ...event, payload: JSON.stringify(payload) });
    insertOutbox.run(event.id, info.lastInsertRowid);
    within?.(event);
    return event;
  });
  const metaGet = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const metaSet = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const committed: JournalEvent[] = [];
  const idStmt = db.prepare<[string], { id: string }>('SELECT id FROM events WHERE id = ?');
  const notify = (events: JournalEvent[]) => {
    // Committed already: a failing listener must not make the caller think the write failed.
    for (const event of events) {
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          opts.logger?.error({ err }, 'journal append listener failed');
        }
      }
    }
  };

  const ackTx = db.transaction((ids: readonly string[]) => {
    let n = 0;
    for (const id of ids) n += ackStmt.run(id).changes;
    return n;
  });
  const rejectTx = db.transaction((ids: readonly string[], reason: string) => {
    const at = now().toISOString();
    let n = 0;
    for (const id of ids) n += rejectStmt.run(at, reason, id).changes;
    return n;
  });

  return {
    consoleId,
    file,
    recoveredFrom,
    db,
    append(input, within) {
      refuseUnjournalable(input);
      const event = appendTx(input, within);
      if (db.inTransaction) committed.push(event); // told once the outer transaction commits
      else notify([event]);
      return event;
    },
    transaction(fn) {
      if (db.inTransaction) return fn();
      try {
        return db.transaction(fn)();
      } finally {
        // Rolled back: nothing to tell. Committed: the listeners hear of each event once.
        const done = committed.splice(0);
        if (!db.inTransaction && done.length > 0 && done.every((e) => idStmt.get(e.id))) notify(done);
      }
    },
    meta: {
      get: (key) => metaGet.get(key)?.value ?? null,
      set: (key, value) => void metaSet.run(key, value),
    },
    list({ caseId, limit }) {
      const rows = caseId === undefined ? listAll.all(limit) : listCase.all(caseId, limit);
      return rows.map(fromRow);
    },
    verifyChain() {
      let prev = GENESIS_HASH;
      for (const row of db.prepare<[], EventRow>('SELECT * FROM events ORDER BY seq').iterate()) {
        let e: JournalEvent;
        try {
          e = fromRow(row);
        } catch {
          return row.id; // unparsable payload: tampered
        }
        if (e.prevHash !== prev || chainHash(prev, e) !== e.hash) return e.id;
        if (e.payload !== null && payloadHash(e.payload) !== e.payloadHash) return e.id;
        prev = e.hash;
      }
      return null;
    },
    outbox: {
      pending: (limit) => pendingStmt.all(limit).map(fromRow),
      pendingStored: (limit) => pendingStmt.all(limit).map(storedFromRow),
      pendingCount: () => pendingCountStmt.get()?.n ?? 0,
      ack: (ids) => ackTx(ids),
      reject: (ids, reason) => rejectTx(ids, reason),
      count: () => countStmt.get()?.n ?? 0,
      rejectedCount: () => rejectedCountStmt.get()?.n ?? 0,
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      if (db.open) db.close();
    },
  };
}

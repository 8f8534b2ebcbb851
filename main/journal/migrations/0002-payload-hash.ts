/**
 * Version 2: the chain hashes a digest of each payload, so a retention purge can remove
 * the payload and keep every link verifiable. Journals of version 1 were written by the
 * walking skeleton only (demo data, hashed the old way): they are kept as they are,
 * moved into events_v1, and a new chain starts.
 */
export const migration0002 = `
DROP TABLE outbox;
ALTER TABLE events RENAME TO events_v1;
DROP INDEX IF EXISTS events_case;

CREATE TABLE events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  at           TEXT NOT NULL,
  operator_id  TEXT NOT NULL,
  case_id      TEXT,
  type         TEXT NOT NULL,
  -- NULL once purged by retention; payload_hash still proves what it held.
  payload      TEXT,
  payload_hash TEXT NOT NULL,
  console_id   TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
) STRICT;
CREATE INDEX events_case ON events (case_id, seq);

CREATE TABLE outbox (
  event_id        TEXT PRIMARY KEY REFERENCES events (id),
  seq             INTEGER NOT NULL,
  rejected_at     TEXT,
  rejected_reason TEXT
) STRICT;
CREATE INDEX outbox_seq ON outbox (seq);
`;

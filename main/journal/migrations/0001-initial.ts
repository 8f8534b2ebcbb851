/** Version 1: events chained by hash, their outbox rows, and console metadata. */
export const migration0001 = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- seq gives the chain order; id (ULID) is what the hub deduplicates on.
CREATE TABLE events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  at          TEXT NOT NULL,
  operator_id TEXT NOT NULL,
  case_id     TEXT,
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  console_id  TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;
CREATE INDEX events_case ON events (case_id, seq);

-- One row per event not yet acknowledged by the hub; deleted on acknowledgement.
-- An event the hub refuses (bad hash, conflicting id) stays here, marked, and is not resent:
-- kept for investigation, never silently dropped.
CREATE TABLE outbox (
  event_id        TEXT PRIMARY KEY REFERENCES events (id),
  seq             INTEGER NOT NULL,
  rejected_at     TEXT,
  rejected_reason TEXT
) STRICT;
CREATE INDEX outbox_seq ON outbox (seq);
`;

/**
 * Version 3: the console's command queue (main/commands). A row is written in the same
 * transaction as the operator's intent event and settled, once, in the same transaction
 * as the hub's outcome event: a command is never lost, never applied twice, never
 * journaled twice.
 */
export const migration0003 = `
CREATE TABLE commands (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  -- ULID, kept across reconnects and restarts: the hub answers a repeat with its first answer.
  command_id    TEXT NOT NULL UNIQUE,
  operator_id   TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  type          TEXT NOT NULL CHECK (type IN ('claim', 'release', 'close')),
  case_id       TEXT NOT NULL,
  -- JSON: what the hub command carries beyond type and case (closureCode, note).
  args          TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'refused')),
  -- JSON: the case as the hub returned it (applied) or the hub's refusal (refused).
  outcome       TEXT,
  created_at    TEXT NOT NULL,
  settled_at    TEXT
) STRICT;
CREATE INDEX commands_pending ON commands (operator_id, seq) WHERE state = 'pending';
CREATE INDEX commands_settled ON commands (settled_at) WHERE state <> 'pending';
`;

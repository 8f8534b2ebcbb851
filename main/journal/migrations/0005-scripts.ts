/**
 * Version 5: escalation scripts (main/scripts). A case's script is kept as it started
 * (the version it follows, even after the centre edits the file) with the inputs the
 * engine applied; the state is their replay, so a restart loses nothing. `hub_synced`
 * says whether the hub holds every input (a supervisor taking over continues from it).
 */
export const migration0005 = `
CREATE TABLE case_scripts (
  case_id     TEXT PRIMARY KEY,
  script_id   TEXT NOT NULL,
  version     INTEGER NOT NULL,
  -- JSON: the script as it was when the case started it.
  script      TEXT NOT NULL,
  hub_synced  INTEGER NOT NULL DEFAULT 0,
  closed      INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE TABLE script_inputs (
  id       TEXT PRIMARY KEY,
  case_id  TEXT NOT NULL REFERENCES case_scripts (case_id),
  at       TEXT NOT NULL,
  -- JSON: the engine input (shared/scripts/inputs.ts).
  input    TEXT NOT NULL
) STRICT;
CREATE INDEX script_inputs_case ON script_inputs (case_id, at, id);
`;

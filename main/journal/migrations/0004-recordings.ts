/**
 * Version 4: the calls' recordings (main/voice). One row per WAV under
 * <dataDir>/recordings; its SHA-256 is journaled too (voice.recorded), so a file
 * changed after the call no longer matches what the hub holds.
 */
export const migration0004 = `
CREATE TABLE recordings (
  recording_id TEXT PRIMARY KEY,
  call_id      TEXT NOT NULL,
  case_id      TEXT,
  operator_id  TEXT NOT NULL,
  -- The beacon's id, or the contact's number.
  peer         TEXT NOT NULL,
  -- File name inside <dataDir>/recordings (never a path from outside).
  file         TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  duration_ms  INTEGER NOT NULL,
  sha256       TEXT NOT NULL
) STRICT;
CREATE INDEX recordings_case ON recordings (case_id, started_at);
`;

/**
 * The recordings kept beside the journal (table `recordings`, migration 0004): listed
 * per case for the call panel, and looked up by id for the transports that serve the
 * bytes (browser mode `GET /recordings/<id>.wav`, Electron `app://console/recordings/…`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Recording } from '@shared/contract/voice';

/** Recording ids are ULIDs: nothing else may name a file. */
const RECORDING_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export interface RecordingRow {
  recordingId: string;
  callId: string;
  caseId: string | null;
  operatorId: string;
  peer: string;
  file: string;
  startedAt: string;
  durationMs: number;
  sha256: string;
}

type DbRow = {
  recording_id: string;
  call_id: string;
  case_id: string | null;
  operator_id: string;
  peer: string;
  file: string;
  started_at: string;
  duration_ms: number;
  sha256: string;
};

/** The same-origin address the renderer fetches a recording from. */
export const recordingUrl = (recordingId: string): string => `/recordings/${recordingId}.wav`;

export class RecordingStore {
  readonly dir: string;
  private readonly insert: Database.Statement;
  private readonly byCase: Database.Statement<[string], DbRow>;
  private readonly byId: Database.Statement<[string], DbRow>;

  constructor(db: Database.Database, dataDir: string) {
    this.dir = join(dataDir, 'recordings');
    mkdirSync(this.dir, { recursive: true });
    this.insert = db.prepare(
      `INSERT INTO recordings (recording_id, call_id, case_id, operator_id, peer, file, started_at, duration_ms, sha256)
       VALUES (@recordingId, @callId, @caseId, @operatorId, @peer, @file, @startedAt, @durationMs, @sha256)`,
    );
    this.byCase = db.prepare('SELECT * FROM recordings WHERE case_id = ? ORDER BY started_at');
    this.byId = db.prepare('SELECT * FROM recordings WHERE recording_id = ?');
  }

  /** Where a new call's WAV goes (its file name is the recording id). */
  fileFor(recordingId: string): string {
    return join(this.dir, `${recordingId}.wav`);
  }

  add(row: RecordingRow): void {
    this.insert.run(row);
  }

  listForCase(caseId: string): Recording[] {
    return this.byCase.all(caseId).map((r) => ({
      recordingId: r.recording_id,
      callId: r.call_id,
      caseId: r.case_id,
      peer: r.peer,
      startedAt: r.started_at,
      durationMs: r.duration_ms,
      sha256: r.sha256,
      url: recordingUrl(r.recording_id),
      channels: ['peer', 'operator'] as ['peer', 'operator'],
    }));
  }

  /** The WAV of a recording, or null (unknown id, malformed id, file gone). */
  fileOf(recordingId: string): string | null {
    const id = recordingId.replace(/\.wav$/, '');
    if (!RECORDING_ID.test(id)) return null;
    const row = this.byId.get(id);
    if (!row) return null;
    const file = join(this.dir, row.file);
    return existsSync(file) ? file : null;
  }

  /** The case a recording belongs to (the transports may check the operator owns it). */
  caseOf(recordingId: string): string | null {
    const id = recordingId.replace(/\.wav$/, '');
    if (!RECORDING_ID.test(id)) return null;
    return this.byId.get(id)?.case_id ?? null;
  }
}

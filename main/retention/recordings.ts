/**
 * Retention of call recordings: the WAV files of calls older than the retention period
 * are deleted with their rows, like the journal's payloads. The journal keeps each
 * recording's SHA-256 (voice.recorded), so what was recorded stays provable; the purge
 * itself is journaled. A file that cannot be deleted keeps its row and is retried next run.
 */
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONSOLE_SYSTEM_OPERATOR } from '@shared/domain/journal';
import type { Journal } from '../journal/journal';

export interface RecordingPurge {
  removed: number;
  /** Files that could not be deleted (kept, retried at the next run). */
  failed: number;
}

export function purgeRecordings(journal: Journal, recordingsDir: string, cutoff: string): RecordingPurge {
  const rows = journal.db
    .prepare<[string], { recording_id: string; file: string }>('SELECT recording_id, file FROM recordings WHERE started_at < ? ORDER BY started_at')
    .all(cutoff);
  if (rows.length === 0) return { removed: 0, failed: 0 };
  const removed: string[] = [];
  let failed = 0;
  for (const r of rows) {
    try {
      // basename: the row names a file inside the recordings folder, never a path elsewhere.
      rmSync(join(recordingsDir, basename(r.file)), { force: true });
      removed.push(r.recording_id);
    } catch {
      failed++;
    }
  }
  if (removed.length > 0) {
    journal.transaction(() => {
      const del = journal.db.prepare('DELETE FROM recordings WHERE recording_id = ?');
      for (const id of removed) del.run(id);
      journal.append({
        operatorId: CONSOLE_SYSTEM_OPERATOR,
        caseId: null,
        type: 'voice.recordings-purged',
        payload: { before: cutoff, count: removed.length, firstId: removed[0], lastId: removed.at(-1) },
      });
    });
  }
  return { removed: removed.length, failed };
}

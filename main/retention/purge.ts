/**
 * Retention (GDPR): the payloads of journal events older than the retention period are
 * removed, their hashes kept, so the chain still verifies and proves what was there.
 * Only events the hub has acknowledged are purged: an event still in the outbox would
 * otherwise reach the hub without its content. Each purge is itself journaled.
 */
import { CONSOLE_SYSTEM_OPERATOR } from '@shared/domain/journal';
import type { Journal } from '../journal/journal';
import { purgeRecordings } from './recordings';

export interface PurgeResult {
  /** Events whose payload was removed by this run. */
  purged: number;
  cutoff: string;
  /** The journal.purged event, when anything was purged. */
  eventId: string | null;
}

export function purgeJournal(journal: Journal, retentionDays: number, now: Date = new Date()): PurgeResult {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return journal.transaction(() => {
    const range = journal.db
      .prepare<[string], { n: number; first: string | null; last: string | null }>(
        `SELECT COUNT(*) AS n, MIN(id) AS first, MAX(id) AS last FROM events
         WHERE at < ? AND payload IS NOT NULL AND id NOT IN (SELECT event_id FROM outbox)`,
      )
      .get(cutoff)!;
    if (range.n === 0) return { purged: 0, cutoff, eventId: null };
    journal.db
      .prepare(`UPDATE events SET payload = NULL WHERE at < ? AND payload IS NOT NULL AND id NOT IN (SELECT event_id FROM outbox)`)
      .run(cutoff);
    const e = journal.append({
      operatorId: CONSOLE_SYSTEM_OPERATOR,
      caseId: null,
      type: 'journal.purged',
      payload: { retentionDays, before: cutoff, count: range.n, firstId: range.first, lastId: range.last },
    });
    return { purged: range.n, cutoff, eventId: e.id };
  });
}

export interface RetentionJob {
  stop(): void;
}

/** Purges at start and then every `everyMs` (default daily); a failure is logged and retried next time. */
export function startRetention(
  journal: Journal,
  retentionDays: number,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
  everyMs = 86_400_000,
  recordingsDir: string | null = null,
): RetentionJob {
  const run = () => {
    try {
      const r = purgeJournal(journal, retentionDays);
      if (r.purged > 0) log.info({ purged: r.purged, before: r.cutoff, retentionDays }, 'journal payloads past retention removed (hashes kept)');
      if (recordingsDir) {
        const rec = purgeRecordings(journal, recordingsDir, r.cutoff);
        if (rec.removed > 0 || rec.failed > 0) log.info({ ...rec, before: r.cutoff }, 'call recordings past retention deleted (their SHA-256 stay in the journal)');
      }
    } catch (err) {
      log.error({ err }, 'journal retention purge failed; retried at the next run');
    }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

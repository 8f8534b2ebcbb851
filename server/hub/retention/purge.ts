/**
 * Retention (GDPR) at the hub: past the retention period, personal data is removed and
 * the evidence kept. Journal payloads become NULL (payload_hash and the chain stay, so
 * journal:verify still passes); closed cases lose their beacon text and closure note;
 * their alarms lose text, details and raw message, their hub history events the closure
 * note and the beacon's texts (alarms, updates); alarms that opened no case lose theirs too.
 * Open cases are never touched. Each run is
 * that removed anything is recorded in `purges`.
 */
import { sql } from 'kysely';
import { ulid } from 'ulid';
import type { HubDb } from '../db/database';

export interface HubPurgeResult {
  cutoff: string;
  counts: { journal: number; cases: number; alarms: number; caseEvents: number };
}

/** What stands in for a removed raw beacon message (the column is NOT NULL: it records what was there). */
export const PURGED_RAW = '{"purged":true}';

export async function purgeHub(db: HubDb, retentionDays: number, by: string, now: Date = new Date()): Promise<HubPurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const journal = await trx.updateTable('journal').set({ payload: null }).where('at', '<', cutoff).where('payload', 'is not', null).executeTakeFirst();
    const oldClosed = trx.selectFrom('cases').select('id').where('status', '=', 'closed').where('closed_at', '<', cutoff);
    const alarms = await trx
      .updateTable('alarms')
      .set({ text: null, raw: PURGED_RAW, details: null })
      .where('case_id', 'in', oldClosed)
      .where('raw', '!=', PURGED_RAW)
      .executeTakeFirst();
    const cases = await trx
      .updateTable('cases')
      .set({ text: null, closure_note: null, beacon_abort_text: null })
      .where('status', '=', 'closed')
      .where('closed_at', '<', cutoff)
      .where((eb) => eb.or([eb('text', 'is not', null), eb('closure_note', 'is not', null), eb('beacon_abort_text', 'is not', null)]))
      .executeTakeFirst();
    const caseEvents = await trx
      .updateTable('case_events')
      // Closure notes, and the beacon's texts, details and raw messages the history keeps for each alarm and update.
      .set({ payload: sql<string>`json_remove(payload, '$.note', '$.text', '$.details', '$.raw')` })
      .where('case_id', 'in', oldClosed)
      .where(
        sql<boolean>`(json_extract(payload, '$.note') IS NOT NULL OR json_extract(payload, '$.text') IS NOT NULL OR json_extract(payload, '$.details') IS NOT NULL OR json_extract(payload, '$.raw') IS NOT NULL)`,
      )
      .executeTakeFirst();
    // Alarms that opened no case (status reports, lone restores): by their receipt time.
    const loose = await trx
      .updateTable('loose_alarms')
      .set({ text: null, raw: PURGED_RAW, details: null })
      .where('received_at', '<', cutoff)
      .where('raw', '!=', PURGED_RAW)
      .executeTakeFirst();
    const counts = {
      journal: Number(journal.numUpdatedRows),
      cases: Number(cases.numUpdatedRows),
      alarms: Number(alarms.numUpdatedRows) + Number(loose.numUpdatedRows),
      caseEvents: Number(caseEvents.numUpdatedRows),
    };
    // A run that removed nothing leaves no row: `purges` lists what was actually removed.
    if (Object.values(counts).every((n) => n === 0)) return { cutoff, counts };
    await trx
      .insertInto('purges')
      .values({ id: ulid(), at: now.toISOString(), cutoff, retention_days: retentionDays, by, counts: JSON.stringify(counts) })
      .execute();
    return { cutoff, counts };
  });
}

export interface HubRetentionJob {
  stop(): void;
}

/** Purges at start and then every `everyMs` (default daily); a failure is logged and retried next time. */
export function startHubRetention(
  db: HubDb,
  retentionDays: number,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
  everyMs = 86_400_000,
): HubRetentionJob {
  let stopped = false;
  const run = () => {
    if (stopped) return;
    purgeHub(db, retentionDays, 'schedule').then(
      (r) => {
        if (Object.values(r.counts).some((n) => n > 0)) log.info({ ...r, retentionDays }, 'retention purge done (payloads removed, hashes kept)');
      },
      (err: unknown) => {
        if (!stopped) log.error({ err }, 'retention purge failed; retried at the next run');
      },
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * Open gaps in the consoles' chains (`npm run hub -- journal gaps`): every stored event
 * whose prevHash is neither genesis nor the hash of a stored event of the same console.
 * Read from the journal itself, not only from journal_gaps (written when a batch
 * arrives), so a row deleted at the hub afterwards shows too.
 */
import { GENESIS_HASH } from '@shared/domain/journal';
import type { HubDb } from '../db/database';

export interface OpenGap {
  consoleId: string;
  consoleName: string | null;
  /** First stored event after the hole. */
  eventId: string;
  eventAt: string;
  missingHash: string;
  /** When a batch first showed this gap; null when it appeared later (a row deleted at the hub). */
  seenAt: string | null;
}

export async function listOpenGaps(db: HubDb, consoleId?: string): Promise<OpenGap[]> {
  let q = db
    .selectFrom('journal as j')
    .leftJoin('consoles as c', 'c.id', 'j.console_id')
    .leftJoin('journal_gaps as g', (join) => join.onRef('g.console_id', '=', 'j.console_id').onRef('g.missing_hash', '=', 'j.prev_hash'))
    .select(['j.console_id', 'c.name', 'j.id', 'j.at', 'j.prev_hash', 'g.opened_at'])
    .where('j.prev_hash', '<>', GENESIS_HASH)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('journal as p').select('p.id').whereRef('p.console_id', '=', 'j.console_id').whereRef('p.hash', '=', 'j.prev_hash'))),
    );
  if (consoleId !== undefined) q = q.where('j.console_id', '=', consoleId);
  const rows = await q.orderBy('j.console_id').orderBy('j.at').orderBy('j.id').execute();
  return rows.map((r) => ({
    consoleId: r.console_id,
    consoleName: r.name,
    eventId: r.id,
    eventAt: r.at,
    missingHash: r.prev_hash,
    seenAt: r.opened_at,
  }));
}

export const GAPS_HEADER = ['CONSOLE', 'NAME', 'FIRST EVENT AFTER THE GAP', 'EVENT TIME', 'MISSING HASH', 'SEEN BY THE HUB'];

export function gapCells(g: OpenGap): string[] {
  return [g.consoleId, g.consoleName ?? '-', g.eventId, g.eventAt, `${g.missingHash.slice(0, 16)}…`, g.seenAt ?? '(row deleted here?)'];
}

/**
 * Export of the central journal for supervisors and inquiries: one case, or a period,
 * as JSON (events as consoles wrote them, verifiable) or CSV (for a spreadsheet).
 */
import type { Writable } from 'node:stream';
import type { HubDb } from '../db/database';

export interface ExportQuery {
  caseId?: string;
  /** ISO times, inclusive from, exclusive to. */
  from?: string;
  to?: string;
}

export interface ExportedEvent {
  id: string;
  at: string;
  caseId: string | null;
  type: string;
  operatorId: string;
  /** The display name the console recorded, when the payload still holds it. */
  operatorName: string | null;
  consoleId: string;
  /** null once purged by retention. */
  payload: Record<string, unknown> | null;
  payloadHash: string;
  prevHash: string;
  hash: string;
  receivedAt: string;
}

const PAGE = 1000;

/** Oldest first, read page by page so a year of journal never sits in memory at once. */
export async function* exportEvents(db: HubDb, q: ExportQuery): AsyncGenerator<ExportedEvent> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    let query = db.selectFrom('journal').selectAll().orderBy('at').orderBy('id').limit(PAGE);
    if (q.caseId !== undefined) query = query.where('case_id', '=', q.caseId);
    if (q.from !== undefined) query = query.where('at', '>=', q.from);
    if (q.to !== undefined) query = query.where('at', '<', q.to);
    if (after) {
      const a = after;
      query = query.where((eb) => eb.or([eb('at', '>', a.at), eb.and([eb('at', '=', a.at), eb('id', '>', a.id)])]));
    }
    const rows = await query.execute();
    for (const r of rows) {
      const payload = r.payload === null ? null : (JSON.parse(r.payload) as Record<string, unknown>);
      const name = payload?.operatorName ?? payload?.displayName;
      yield {
        id: r.id,
        at: r.at,
        caseId: r.case_id,
        type: r.type,
        operatorId: r.operator_id,
        operatorName: typeof name === 'string' ? name : null,
        consoleId: r.console_id,
        payload,
        payloadHash: r.payload_hash,
        prevHash: r.prev_hash,
        hash: r.hash,
        receivedAt: r.received_at,
      };
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
  }
}

export const CSV_COLUMNS = ['id', 'at', 'caseId', 'type', 'operatorId', 'operatorName', 'consoleId', 'payload', 'payloadHash', 'prevHash', 'hash', 'receivedAt'] as const;

/**
 * One RFC 4180 field. A cell a spreadsheet would run as a formula (= + - @, tab, CR) is
 * prefixed with an apostrophe: beacon text and notes come from outside.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function writeExport(db: HubDb, q: ExportQuery, format: 'json' | 'csv', out: Writable): Promise<number> {
  const write = (text: string) => new Promise<void>((resolve, reject) => (out.write(text, (err) => (err ? reject(err) : resolve()))));
  let n = 0;
  if (format === 'csv') {
    await write(CSV_COLUMNS.join(',') + '\r\n');
    for await (const e of exportEvents(db, q)) {
      await write(CSV_COLUMNS.map((c) => csvField(e[c])).join(',') + '\r\n');
      n++;
    }
    return n;
  }
  await write('[');
  for await (const e of exportEvents(db, q)) {
    await write((n === 0 ? '\n' : ',\n') + JSON.stringify(e));
    n++;
  }
  await write(n === 0 ? ']\n' : '\n]\n');
  return n;
}

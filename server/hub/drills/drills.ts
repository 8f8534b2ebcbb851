/**
 * Registered drills (PPMS exercises): a site's window during which its alarms are exercises.
 * Schools ask for a drill through the education authority and the city registers it here
 * before the day; an alarm from the site inside the window is flagged as a drill (handled as
 * an exercise, never sent to 17/18), whatever the beacon says. Windows are [from, to).
 */
import { ulid } from 'ulid';
import type { HubDb } from '../db/database';

export interface Drill {
  id: string;
  siteId: string;
  /** ISO-8601 UTC, inclusive. */
  from: string;
  /** ISO-8601 UTC, exclusive. */
  to: string;
  note: string | null;
  createdAt: string;
  /** Who registered it: 'cli:<system user>', or a test's name. */
  createdBy: string;
}

/** Longest window accepted: a forgotten drill must not hide real alarms for weeks. */
export const MAX_DRILL_HOURS = 24;
export const MAX_NOTE_LENGTH = 200;

export class DrillError extends Error {}

function iso(label: string, v: string | Date): string {
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(t)) throw new DrillError(`${label}: not a readable time (${String(v).slice(0, 40)}).`);
  return new Date(t).toISOString();
}

function toDrill(r: { id: string; site_id: string; starts_at: string; ends_at: string; note: string | null; created_at: string; created_by: string }): Drill {
  return { id: r.id, siteId: r.site_id, from: r.starts_at, to: r.ends_at, note: r.note, createdAt: r.created_at, createdBy: r.created_by };
}

export async function addDrill(
  db: HubDb,
  d: { siteId: string; from: string | Date; to: string | Date; note?: string | null; createdBy: string },
): Promise<Drill> {
  const siteId = d.siteId.trim();
  if (!/^[\w.:-]{1,64}$/.test(siteId)) throw new DrillError(`Site id "${siteId.slice(0, 64)}": letters, digits, . _ : - only, at most 64.`);
  const from = iso('from', d.from);
  const to = iso('to', d.to);
  if (from >= to) throw new DrillError('A drill must end after it starts.');
  if (Date.parse(to) - Date.parse(from) > MAX_DRILL_HOURS * 3_600_000) throw new DrillError(`A drill lasts at most ${MAX_DRILL_HOURS} hours.`);
  // Control characters would garble the CLI's table and the case history.
  // eslint-disable-next-line no-control-regex
  const note = d.note?.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new DrillError(`The note is at most ${MAX_NOTE_LENGTH} characters.`);
  const row = { id: ulid(), site_id: siteId, starts_at: from, ends_at: to, note, created_at: new Date().toISOString(), created_by: d.createdBy };
  await db.insertInto('drills').values(row).execute();
  return toDrill(row);
}

/** Drills by start time: all, or (`notEndedAt`) those still running or to come at that time. */
export async function listDrills(db: HubDb, opts: { siteId?: string; notEndedAt?: string } = {}): Promise<Drill[]> {
  let q = db.selectFrom('drills').selectAll().orderBy('starts_at').orderBy('id');
  if (opts.siteId) q = q.where('site_id', '=', opts.siteId);
  if (opts.notEndedAt) q = q.where('ends_at', '>', iso('notEndedAt', opts.notEndedAt));
  return (await q.execute()).map(toDrill);
}

/** True when a drill was removed. */
export async function removeDrill(db: HubDb, id: string): Promise<boolean> {
  const r = await db.deleteFrom('drills').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The registered drill covering this site at this time, or null. */
export async function drillCovering(db: HubDb, siteId: string, at: string | Date): Promise<Drill | null> {
  // Called on the alarm path: an unreadable time is no drill, never an error that would lose the alarm.
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  if (Number.isNaN(ms)) return null;
  const t = new Date(ms).toISOString();
  const r = await db
    .selectFrom('drills')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('starts_at', '<=', t)
    .where('ends_at', '>', t)
    .orderBy('starts_at')
    .executeTakeFirst();
  return r ? toDrill(r) : null;
}

/**
 * True when a drill is registered for this site at this time: intake flags the alarm as a
 * drill. Give it the hub's receipt time, not the beacon's clock. Works inside a transaction.
 */
export async function drillAt(db: HubDb, siteId: string, at: string | Date): Promise<boolean> {
  return (await drillCovering(db, siteId, at)) !== null;
}

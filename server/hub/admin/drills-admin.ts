/**
 * `drill …` admin subcommands: the drills a city registers for its sites (schools ask for a
 * PPMS exercise through the education authority; someone at the city enters it here), so
 * the site's alarms inside the window reach the queue as exercises. Parsed apart from users
 * and gateways, like journal-args.ts.
 */
import type { Logger } from 'pino';
import type { HubDb } from '../db/database';
import { addDrill, DrillError, listDrills, MAX_DRILL_HOURS, removeDrill } from '../drills/drills';
import { AdminRefusal, UsageError } from './errors';
import { formatTable } from './table';

export type DrillCommand =
  | { kind: 'drill.add'; siteId: string; from: string; to: string; note: string | null }
  | { kind: 'drill.list'; siteId?: string; all: boolean }
  | { kind: 'drill.remove'; id: string };

export const DRILL_USAGE = `  npm run hub -- drill add --site <siteId> --from <time> --to <time> [--note "<text>"]
                                      registers a drill: the site's alarms in [from, to) are exercises
                                      (times with their offset, e.g. 2026-12-01T09:00+01:00; at most ${MAX_DRILL_HOURS} h)
  npm run hub -- drill list [--site <siteId>] [--all]   drills not yet over (--all: past ones too)
  npm run hub -- drill remove <id>     cancels a registered drill`;

export const DRILL_OPTIONS = {
  site: { type: 'string' },
  note: { type: 'string' },
  all: { type: 'boolean' },
} as const;

interface Values {
  site?: string;
  note?: string;
  all?: boolean;
  from?: string;
  to?: string;
}

/** The drill-only options, to refuse them on other commands. */
export const DRILL_ONLY = Object.keys(DRILL_OPTIONS) as (keyof typeof DRILL_OPTIONS)[];

/** A time with its offset: "09:00" alone would be the machine's zone, a silent hour off half the year. */
function zonedTime(flag: string, v: string | undefined): string {
  if (v === undefined) throw new UsageError(`"drill add" needs ${flag} <time>, e.g. 2026-12-01T09:00+01:00.`);
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(t)) {
    throw new UsageError(`${flag} expects a date and time with its offset, e.g. 2026-12-01T09:00+01:00 or 2026-12-01T08:00Z (got "${v.slice(0, 60)}").`);
  }
  return new Date(t).toISOString();
}

export function parseDrillArgs(verb: string | undefined, rest: string[], values: Values): DrillCommand {
  const only = (allowed: (keyof Values)[]) => {
    for (const k of ['site', 'note', 'all', 'from', 'to'] as (keyof Values)[]) {
      if (values[k] !== undefined && !allowed.includes(k)) throw new UsageError(`--${k} is not an option of "drill ${verb}".`);
    }
  };
  switch (verb) {
    case 'add': {
      only(['site', 'from', 'to', 'note']);
      if (rest.length > 0) throw new UsageError(`"drill add" takes no positional argument (got "${rest[0]}").`);
      if (!values.site) throw new UsageError('"drill add" needs --site <siteId> (the site as in the directory).');
      const from = zonedTime('--from', values.from);
      const to = zonedTime('--to', values.to);
      if (from >= to) throw new UsageError('--to must be after --from.');
      return { kind: 'drill.add', siteId: values.site, from, to, note: values.note ?? null };
    }
    case 'list':
      only(['site', 'all']);
      if (rest.length > 0) throw new UsageError(`"drill list" takes no positional argument (got "${rest[0]}").`);
      return { kind: 'drill.list', all: values.all === true, ...(values.site ? { siteId: values.site } : {}) };
    case 'remove':
      only([]);
      if (rest.length !== 1) throw new UsageError('"drill remove" takes exactly one drill id (see "drill list").');
      return { kind: 'drill.remove', id: rest[0] ?? '' };
    default:
      throw new UsageError(verb ? `Unknown command "drill ${verb}".` : '"drill" needs a command: add, list or remove.');
  }
}

export async function executeDrill(cmd: DrillCommand, db: HubDb, log: Logger, by: string, out: (l: string) => void, note: (l: string) => void): Promise<void> {
  switch (cmd.kind) {
    case 'drill.add': {
      let d;
      try {
        d = await addDrill(db, { siteId: cmd.siteId, from: cmd.from, to: cmd.to, note: cmd.note, createdBy: by });
      } catch (err) {
        if (err instanceof DrillError) throw new AdminRefusal(err.message);
        throw err;
      }
      log.info({ drillId: d.id, siteId: d.siteId, from: d.from, to: d.to }, 'drill registered');
      if (Date.parse(d.to) <= Date.now()) note('Note: this window is already over; registering it changes only the record.');
      note('The site id is not checked against the directory: "drill list" shows it as typed.');
      return out(`Drill ${d.id} registered: site ${d.siteId}, from ${d.from} to ${d.to} (UTC). Its alarms in that window are exercises.`);
    }
    case 'drill.list': {
      const rows = await listDrills(db, { ...(cmd.siteId ? { siteId: cmd.siteId } : {}), ...(cmd.all ? {} : { notEndedAt: new Date().toISOString() }) });
      if (rows.length === 0) return note(cmd.all ? 'No drill registered.' : 'No drill to come or under way (--all shows past ones).');
      return out(formatTable(['ID', 'SITE', 'FROM (UTC)', 'TO (UTC)', 'BY', 'NOTE'], rows.map((d) => [d.id, d.siteId, d.from, d.to, d.createdBy, d.note ?? ''])));
    }
    case 'drill.remove':
      if (!(await removeDrill(db, cmd.id))) throw new AdminRefusal(`No drill "${cmd.id.slice(0, 40)}" (see "drill list --all").`);
      log.info({ drillId: cmd.id }, 'drill removed');
      return out(`Drill ${cmd.id} removed: the site's alarms in that window are real alarms again.`);
  }
}

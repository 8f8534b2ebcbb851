/** `journal …` admin subcommands: export, purge (and gaps): parsed apart from users and gateways. */
import { UsageError } from './errors';

export type JournalCommand =
  | { kind: 'journal.export'; caseId?: string; from?: string; to?: string; format: 'json' | 'csv' }
  | { kind: 'journal.purge'; olderThanDays: number }
  | { kind: 'journal.gaps'; consoleId?: string };

export const JOURNAL_USAGE = `  npm run hub -- journal export [--case <id>] [--from <date>] [--to <date>] [--format json|csv]
                                      the central journal, oldest first, on stdout (default json)
  npm run hub -- journal purge --older-than-days <n>
                                      removes personal data older than n days (journal payloads,
                                      closed cases' text and notes, their alarms' messages); hashes kept
  npm run hub -- journal gaps [--console <id>]   breaks in the consoles' journal chains`;

export const JOURNAL_OPTIONS = {
  case: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  'older-than-days': { type: 'string' },
  console: { type: 'string' },
} as const;

type Values = { [K in keyof typeof JOURNAL_OPTIONS]?: string };

function isoDate(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) throw new UsageError(`${flag} expects a date such as 2026-11-01 or 2026-11-01T08:00:00Z (got "${v}").`);
  return new Date(t).toISOString();
}

export function parseJournalArgs(verb: string | undefined, rest: string[], values: Values): JournalCommand {
  if (rest.length > 0) throw new UsageError(`"journal ${verb}" takes no positional argument (got "${rest[0]}").`);
  const only = (allowed: (keyof Values)[]) => {
    for (const k of Object.keys(JOURNAL_OPTIONS) as (keyof Values)[]) {
      if (values[k] !== undefined && !allowed.includes(k)) throw new UsageError(`--${k} is not an option of "journal ${verb}".`);
    }
  };
  switch (verb) {
    case 'export': {
      only(['case', 'from', 'to', 'format']);
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'csv') throw new UsageError(`--format is json or csv (got "${format}").`);
      const from = isoDate('--from', values.from);
      const to = isoDate('--to', values.to);
      if (from && to && from >= to) throw new UsageError('--from must be before --to.');
      return { kind: 'journal.export', format, ...(values.case !== undefined ? { caseId: values.case } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
    case 'purge': {
      only(['older-than-days']);
      const n = Number(values['older-than-days']);
      if (values['older-than-days'] === undefined || !Number.isInteger(n) || n < 1) {
        throw new UsageError('"journal purge" needs --older-than-days <n>, a whole number of days, at least 1.');
      }
      return { kind: 'journal.purge', olderThanDays: n };
    }
    case 'gaps':
      only(['console']);
      return { kind: 'journal.gaps', ...(values.console !== undefined ? { consoleId: values.console } : {}) };
    default:
      throw new UsageError(verb ? `Unknown command "journal ${verb}".` : '"journal" needs a command: export, purge or gaps.');
  }
}

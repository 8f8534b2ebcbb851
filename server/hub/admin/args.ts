/** Command line of the admin subcommands: `user …` and `gateway …` (see ADMIN_USAGE). */
import { parseArgs } from 'node:util';
import type { Role } from '@shared/domain/operator';
import { BEACON_USAGE, parseBeaconArgs, type BeaconCommand } from './beacons-admin';
import { UsageError } from './errors';
import { checkGatewayName } from './gateways-admin';
import { JOURNAL_OPTIONS, JOURNAL_USAGE, parseJournalArgs, type JournalCommand } from './journal-args';
import { DRILL_ONLY, DRILL_OPTIONS, DRILL_USAGE, parseDrillArgs, type DrillCommand } from './drills-admin';
import { parseSupervisionArgs, SUPERVISION_OPTIONS, SUPERVISION_USAGE, type SupervisionCommand } from './supervision-admin';
import { checkDisplayName, checkRole, checkUsername, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './users-admin';

export const ADMIN_USAGE = `Administration (the subcommand comes first; the hub may be running):
  npm run hub -- user add <username> --name "<display name>" [--role operator|supervisor|trainer|admin]
                                      password: first line of stdin, or typed twice (hidden) in a terminal
  npm run hub -- user passwd <username>    new password, read the same way
  npm run hub -- user list                 username, display name, role
  npm run hub -- user remove <username>
  npm run hub -- gateway add <name>        prints a new ingest key once (an existing name: key rotated)
  npm run hub -- gateway list              id, name, creation time
  npm run hub -- gateway remove <name>     its key is refused from then on
${JOURNAL_USAGE}
${DRILL_USAGE}
${SUPERVISION_USAGE}
${BEACON_USAGE}
  Each takes --data-dir <dir> (env VEILLE_HUB_DATA, default .data/hub), the hub's data folder.
  Passwords: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters. Exit status: 0 done, 1 refused, 2 usage error.`;

export type AdminCommand =
  | { kind: 'help' }
  | { kind: 'user.add'; username: string; displayName: string; role: Role }
  | { kind: 'user.passwd'; username: string }
  | { kind: 'user.list' }
  | { kind: 'user.remove'; username: string }
  | { kind: 'gateway.add'; name: string }
  | { kind: 'gateway.list' }
  | { kind: 'gateway.remove'; name: string }
  | JournalCommand
  | DrillCommand
  | SupervisionCommand
  | BeaconCommand;

export interface ParsedAdmin {
  command: AdminCommand;
  /** As given on the command line; resolved by the caller with the environment fallback. */
  dataDir: string | undefined;
}

export function isAdminCommand(argv: readonly string[]): boolean {
  return argv[0] === 'user' || argv[0] === 'gateway' || argv[0] === 'journal' || argv[0] === 'drill' || argv[0] === 'supervision' || argv[0] === 'beacon';
}

export function parseAdminArgs(argv: string[]): ParsedAdmin {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        ...JOURNAL_OPTIONS,
        ...DRILL_OPTIONS,
        ...SUPERVISION_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const dataDir = values['data-dir'];
  if (values.help) return { command: { kind: 'help' }, dataDir };

  const [group, verb, ...rest] = positionals;
  if (group === 'drill') {
    if (values.name !== undefined || values.role !== undefined) throw new UsageError('--name and --role are only for "user add".');
    for (const k of ['case', 'format', 'older-than-days', 'console', 'silent', 'days'] as const) {
      if (values[k] !== undefined) throw new UsageError(`--${k} is not an option of "drill" commands.`);
    }
    return { dataDir, command: parseDrillArgs(verb, rest, values) };
  }
  if (group === 'beacon') {
    for (const k of ['name', 'role', 'case', 'from', 'to', 'format', 'older-than-days', 'console', 'note', 'all', 'silent', 'days'] as const) {
      if (values[k] !== undefined) throw new UsageError(`--${k} is not an option of "beacon" commands.`);
    }
    return { dataDir, command: parseBeaconArgs(verb, rest, values) };
  }
  if (group === 'supervision') {
    for (const k of ['name', 'role', 'case', 'from', 'to', 'format', 'older-than-days', 'console', 'site', 'note', 'all'] as const) {
      if (values[k] !== undefined) throw new UsageError(`--${k} is not an option of "supervision" commands.`);
    }
    return { dataDir, command: parseSupervisionArgs(verb, rest, values) };
  }
  if (values.silent !== undefined) throw new UsageError('--silent is only for "supervision list".');
  if (values.days !== undefined) throw new UsageError('--days is only for "supervision report".');
  // Only the groups known here: another group (e.g. beacon) may take a --site of its own.
  for (const k of group === 'user' || group === 'gateway' || group === 'journal' ? DRILL_ONLY : []) {
    if (values[k] !== undefined) throw new UsageError(`--${k} is only for "drill" commands.`);
  }
  if (group === 'journal') {
    if (values.name !== undefined || values.role !== undefined) throw new UsageError('--name and --role are only for "user add".');
    return { dataDir, command: parseJournalArgs(verb, rest, values) };
  }
  for (const k of Object.keys(JOURNAL_OPTIONS) as (keyof typeof JOURNAL_OPTIONS)[]) {
    if (values[k] !== undefined) throw new UsageError(`--${k} is only for "journal" commands.`);
  }
  const key = `${group} ${verb ?? ''}`.trim();
  const arity: Record<string, number> = {
    'user add': 1, 'user passwd': 1, 'user list': 0, 'user remove': 1,
    'gateway add': 1, 'gateway list': 0, 'gateway remove': 1,
  };
  const wanted = arity[key];
  if (wanted === undefined) throw new UsageError(verb ? `Unknown command "${key}".` : `"${group}" needs a command.`);
  if (rest.length !== wanted) {
    throw new UsageError(wanted === 0 ? `"${key}" takes no argument.` : `"${key}" takes exactly one ${group === 'user' ? 'username' : 'gateway name'}.`);
  }
  if (key !== 'user add' && (values.name !== undefined || values.role !== undefined)) {
    throw new UsageError('--name and --role are only for "user add".');
  }
  const arg = rest[0] ?? '';
  switch (key) {
    case 'user add':
      if (values.name === undefined) throw new UsageError('"user add" needs --name "<display name>" (shown to other operators).');
      return {
        dataDir,
        command: { kind: 'user.add', username: checkUsername(arg), displayName: checkDisplayName(values.name), role: checkRole(values.role ?? 'operator') },
      };
    case 'user passwd':
      return { dataDir, command: { kind: 'user.passwd', username: checkUsername(arg) } };
    case 'user remove':
      return { dataDir, command: { kind: 'user.remove', username: checkUsername(arg) } };
    case 'user list':
      return { dataDir, command: { kind: 'user.list' } };
    case 'gateway add':
      return { dataDir, command: { kind: 'gateway.add', name: checkGatewayName(arg) } };
    case 'gateway remove':
      return { dataDir, command: { kind: 'gateway.remove', name: checkGatewayName(arg) } };
    default:
      return { dataDir, command: { kind: 'gateway.list' } };
  }
}

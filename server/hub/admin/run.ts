/**
 * Runs one admin subcommand against the hub's data folder and returns the
 * exit status (0 done, 1 refused or failed, 2 usage). It opens the database
 * through openDatabase (migrations, WAL, busy timeout), so it works on a new
 * folder and beside a running hub.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { openDatabase, type HubDb } from '../db/database';
import { createHubLogger } from '../logger';
import { ADMIN_USAGE, parseAdminArgs, type AdminCommand } from './args';
import { executeBeacon } from './beacons-admin';
import { AdminRefusal, UsageError } from './errors';
import { addGateway, listGateways, removeGateway } from './gateways-admin';
import { executeDrill } from './drills-admin';
import { executeSupervision } from './supervision-admin';
import { readPassword, type PasswordInput } from './password';
import { writeExport } from '../export/journal-export';
import { gapCells, GAPS_HEADER, listOpenGaps } from '../journal/gaps';
import { purgeHub } from '../retention/purge';
import { formatTable } from './table';
import { addUser, checkPassword, listUsers, removeUser, setPassword } from './users-admin';

export interface AdminIo {
  stdin: PasswordInput;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  /** Base for a relative --data-dir; default process.cwd(). */
  cwd?: string;
}

/** The running hub reads the sessions table every 0.5 s (console/session-watch.ts). */
const endedNote = (n: number): string =>
  n === 0 ? 'No session was open.' : `${n} open session(s) ended: their consoles are disconnected within a second and must log in again.`;

export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  let parsed;
  try {
    parsed = parseAdminArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n\n${ADMIN_USAGE}\n`);
    return 2;
  }
  if (parsed.command.kind === 'help') {
    io.stdout.write(ADMIN_USAGE + '\n');
    return 0;
  }

  const dataDir = resolve(io.cwd ?? process.cwd(), parsed.dataDir ?? io.env.VEILLE_HUB_DATA ?? '.data/hub');
  const file = join(dataDir, 'hub.sqlite');
  let logger: Logger | undefined;
  let db: HubDb | undefined;
  try {
    const fresh = !existsSync(file);
    mkdirSync(dataDir, { recursive: true });
    logger = createHubLogger(dataDir, false).child({ part: 'admin-cli', by: whoRuns() });
    db = await openDatabase(file, logger);
    // A mistyped --data-dir would otherwise succeed silently on a database the hub never reads.
    if (fresh) io.stderr.write(`Note: no hub database was in ${dataDir}; a new one was created there.\n`);
    await execute(parsed.command, db, logger, io, file);
    return 0;
  } catch (err) {
    const refused = err instanceof AdminRefusal;
    const message = err instanceof Error ? err.message : String(err);
    logger?.warn({ command: parsed.command.kind, err: message }, refused ? 'admin command refused' : 'admin command failed');
    io.stderr.write(refused ? `${message}\n` : `Failed: ${message}\n`);
    return 1;
  } finally {
    await db?.destroy();
    logger?.flush();
  }
}

async function execute(cmd: AdminCommand, db: HubDb, log: Logger, io: AdminIo, file: string): Promise<void> {
  const out = (line: string): void => void io.stdout.write(line + '\n');
  const note = (line: string): void => void io.stderr.write(line + '\n');
  switch (cmd.kind) {
    case 'user.add': {
      // Check before asking for the password, so nobody types one for nothing.
      if (await db.selectFrom('users').select('id').where('username', '=', cmd.username).executeTakeFirst()) {
        throw new AdminRefusal(`User "${cmd.username}" already exists; use "user passwd ${cmd.username}" to change the password.`);
      }
      const password = checkPassword(await readPassword(io.stdin, io.stderr));
      await addUser(db, { ...cmd, password });
      log.info({ username: cmd.username, role: cmd.role }, 'user added');
      return out(`User "${cmd.username}" (${cmd.displayName}, ${cmd.role}) created in ${file}.`);
    }
    case 'user.passwd': {
      if (!(await db.selectFrom('users').select('id').where('username', '=', cmd.username).executeTakeFirst())) {
        throw new AdminRefusal(`No user "${cmd.username}".`);
      }
      const ended = await setPassword(db, cmd.username, checkPassword(await readPassword(io.stdin, io.stderr)));
      log.info({ username: cmd.username, sessionsEnded: ended }, 'user password changed');
      return out(`Password of "${cmd.username}" changed. ${endedNote(ended)}`);
    }
    case 'user.list': {
      const rows = await listUsers(db);
      if (rows.length === 0) return note(`No users in ${file}.`);
      return out(formatTable(['USERNAME', 'DISPLAY NAME', 'ROLE'], rows.map((u) => [u.username, u.displayName, u.role])));
    }
    case 'user.remove': {
      const ended = await removeUser(db, cmd.username);
      log.info({ username: cmd.username, sessionsEnded: ended }, 'user removed');
      return out(`User "${cmd.username}" removed. ${endedNote(ended)}`);
    }
    case 'gateway.add': {
      const g = await addGateway(db, cmd.name);
      log.info({ gateway: cmd.name, gatewayId: g.gatewayId, rotated: g.rotated }, g.rotated ? 'gateway key rotated' : 'gateway added');
      note(
        g.rotated
          ? `Gateway "${cmd.name}" (id ${g.gatewayId}) already existed: its key is rotated, the previous key is refused from now on.`
          : `Gateway "${cmd.name}" created (id ${g.gatewayId}) in ${file}.`,
      );
      note('Its key follows on standard output. It will NOT be shown again: put it in the gateway now (Authorization: Bearer <key>).');
      // The key alone on stdout, so `KEY=$(… gateway add name)` captures exactly it.
      return out(g.key);
    }
    case 'gateway.list': {
      const rows = await listGateways(db);
      if (rows.length === 0) return note(`No gateways in ${file}.`);
      return out(formatTable(['ID', 'NAME', 'CREATED'], rows.map((g) => [g.id, g.name, g.createdAt])));
    }
    case 'gateway.remove':
      await removeGateway(db, cmd.name);
      log.info({ gateway: cmd.name }, 'gateway removed');
      return out(`Gateway "${cmd.name}" removed; its key is refused from now on.`);
    case 'journal.export': {
      const { kind: _k, format, ...q } = cmd;
      const n = await writeExport(db, q, format, io.stdout);
      log.info({ ...q, format, events: n }, 'journal exported');
      return note(`${n} event${n === 1 ? '' : 's'} exported from ${file}.`);
    }
    case 'journal.purge': {
      const r = await purgeHub(db, cmd.olderThanDays, `cli:${whoRuns()}`);
      log.info({ ...r, retentionDays: cmd.olderThanDays }, 'retention purge (admin command)');
      return out(
        `Personal data older than ${r.cutoff} removed: ${r.counts.journal} journal payloads, ${r.counts.cases} closed cases, ` +
          `${r.counts.alarms} alarm messages, ${r.counts.caseEvents} case history entries (closure notes, beacon texts). ` +
          'Hashes are kept: journal:verify still checks the chains.',
      );
    }
    case 'journal.gaps': {
      const gaps = await listOpenGaps(db, cmd.consoleId);
      if (gaps.length === 0) return note(`No open gap in ${cmd.consoleId ? `the journal chain of console ${cmd.consoleId}` : "the consoles' journal chains"} (${file}).`);
      out(formatTable(GAPS_HEADER, gaps.map(gapCells)));
      return note(`${gaps.length} open gap(s): events are missing at the hub before each event listed (stopped before reaching the hub, or deleted).`);
    }
    case 'drill.add':
    case 'drill.list':
    case 'drill.remove':
      return executeDrill(cmd, db, log, `cli:${whoRuns()}`, out, note);
    case 'supervision.list':
    case 'supervision.period':
    case 'supervision.forget':
    case 'supervision.report':
      return executeSupervision(cmd, db, log, out, note);
    case 'beacon.add':
    case 'beacon.list':
    case 'beacon.remove':
      return executeBeacon(cmd, db, log, () => readPassword(io.stdin, io.stderr), out, note);
    case 'help':
      return out(ADMIN_USAGE);
  }
}

/** For the audit line in hub.log: which system account ran the command. */
function whoRuns(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

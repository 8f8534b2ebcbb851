/**
 * `supervision …` admin subcommands: which beacons are silent, and a beacon's heartbeat
 * period (docs/SUPERVISION.md). Parsed apart from users and gateways, like journal-args.ts.
 */
import type { Logger } from 'pino';
import type { BeaconState } from '@shared/domain/beacon-state';
import type { HubDb } from '../db/database';
import { forgetBeacon, listBeaconStates, setHeartbeatPeriodOffline } from '../supervision/beacon-record';
import { supervisionReport, type BeaconReport } from '../supervision/report';
import { spoken } from '../supervision/spoken';
import { AdminRefusal, UsageError } from './errors';
import { formatTable } from './table';

export type SupervisionCommand =
  | { kind: 'supervision.list'; silentOnly: boolean }
  | { kind: 'supervision.period'; beaconId: string; minutes: number | null }
  | { kind: 'supervision.forget'; beaconId: string }
  | { kind: 'supervision.report'; days: number };

export const SUPERVISION_USAGE = `  npm run hub -- supervision list [--silent]   supervised beacons: last message, heartbeat period,
                                      deadline, battery, charger (--silent: silent or overdue only)
  npm run hub -- supervision period <beaconId> <minutes>|default
                                      a beacon's expected heartbeat period (1–1440 min)
  npm run hub -- supervision forget <beaconId>  a beacon out of service: no longer supervised
  npm run hub -- supervision report [--days <n>]  per beacon over the last n days (default 7): silences,
                                      silent time, charger, battery, last self-test; those to check first`;

export const SUPERVISION_OPTIONS = { silent: { type: 'boolean' }, days: { type: 'string' } } as const;

export function parseSupervisionArgs(verb: string | undefined, rest: string[], values: { silent?: boolean; days?: string }): SupervisionCommand {
  if (verb !== 'report' && values.days !== undefined) throw new UsageError('--days is only for "supervision report".');
  switch (verb) {
    case 'report': {
      if (values.silent !== undefined) throw new UsageError('--silent is only for "supervision list".');
      if (rest.length > 0) throw new UsageError(`"supervision report" takes no positional argument (got "${rest[0]}").`);
      const days = Number(values.days ?? '7');
      if (!/^\d+$/.test(values.days ?? '7') || days < 1 || days > 366) throw new UsageError(`--days is a whole number of days from 1 to 366 (got "${values.days}").`);
      return { kind: 'supervision.report', days };
    }
    case 'list':
      if (rest.length > 0) throw new UsageError(`"supervision list" takes no positional argument (got "${rest[0]}").`);
      return { kind: 'supervision.list', silentOnly: values.silent === true };
    case 'period': {
      if (values.silent !== undefined) throw new UsageError('--silent is only for "supervision list".');
      const [beaconId, value] = rest;
      if (rest.length !== 2 || !beaconId || !value) throw new UsageError('"supervision period" takes a beacon id and a number of minutes (or "default").');
      if (value === 'default') return { kind: 'supervision.period', beaconId, minutes: null };
      const minutes = Number(value);
      if (!/^\d+$/.test(value) || minutes < 1 || minutes > 1440) throw new UsageError(`The period is a whole number of minutes from 1 to 1440, or "default" (got "${value}").`);
      return { kind: 'supervision.period', beaconId, minutes };
    }
    case 'forget':
      if (values.silent !== undefined) throw new UsageError('--silent is only for "supervision list".');
      if (rest.length !== 1 || !rest[0]) throw new UsageError('"supervision forget" takes exactly one beacon id.');
      return { kind: 'supervision.forget', beaconId: rest[0] };
    default:
      throw new UsageError(verb ? `Unknown command "supervision ${verb}".` : '"supervision" needs a command: list, period, forget or report.');
  }
}

function stateCell(s: BeaconState, now: string): string {
  if (s.silentSince) return `SILENT since ${s.silentSince}`;
  if (!s.lastHeartbeatAt) return 'not watched (no heartbeat yet)';
  return s.expectedBy && s.expectedBy <= now ? 'late' : 'ok';
}

export async function executeSupervision(cmd: SupervisionCommand, db: HubDb, log: Logger, out: (l: string) => void, note: (l: string) => void): Promise<void> {
  if (cmd.kind === 'supervision.report') return report(db, cmd.days, out, note);
  if (cmd.kind === 'supervision.list') {
    const now = new Date().toISOString();
    const rows = await listBeaconStates(db, { silentOnly: cmd.silentOnly, now });
    if (rows.length === 0) return note(cmd.silentOnly ? 'No silent beacon.' : 'No supervised beacon yet (a beacon is supervised from its first heartbeat or periodic test).');
    return out(
      formatTable(
        ['BEACON', 'STATE', 'LAST MESSAGE', 'PERIOD', 'EXPECTED BY', 'BATTERY', 'CHARGER'],
        rows.map((s) => [s.beaconId, stateCell(s, now), s.lastSeenAt ?? '', `${Math.round(s.heartbeatPeriodS / 60)} min`, s.expectedBy ?? '', s.battery === null ? '' : `${s.battery} %`, s.charger ?? '']),
      ),
    );
  }
  if (cmd.kind === 'supervision.forget') {
    if (!(await forgetBeacon(db, cmd.beaconId))) throw new AdminRefusal(`Beacon "${cmd.beaconId.slice(0, 64)}" is not supervised.`);
    log.info({ beaconId: cmd.beaconId }, 'beacon no longer supervised');
    return out(`Beacon ${cmd.beaconId} is no longer supervised (its past silences stay in the record). A new message from it starts supervision again.`);
  }
  const done = await setHeartbeatPeriodOffline(db, cmd.beaconId, cmd.minutes === null ? null : cmd.minutes * 60);
  if (!done) throw new AdminRefusal(`Beacon "${cmd.beaconId.slice(0, 64)}" is not supervised yet: its period can be set once it has sent a heartbeat.`);
  log.info({ beaconId: cmd.beaconId, periodMin: cmd.minutes }, 'beacon heartbeat period set');
  return out(
    cmd.minutes === null
      ? `Beacon ${cmd.beaconId}: back to the default period of its use, in force from its next message.`
      : `Beacon ${cmd.beaconId}: heartbeat expected every ${cmd.minutes} min (told to the beacon in hbi when it accepts it).`,
  );
}

function selfTestCell(r: BeaconReport): string {
  const s = r.state;
  if (!s?.lastSelfTestAt) return 'never';
  return `${s.lastSelfTestOk ? 'ok' : 'FAILED'} ${s.lastSelfTestAt}`;
}

async function report(db: HubDb, days: number, out: (l: string) => void, note: (l: string) => void): Promise<void> {
  const now = new Date().toISOString();
  const r = await supervisionReport(db, { days });
  const check = r.beacons.filter((b) => b.attention).length;
  note(`Supervision from ${r.from} to ${r.to} (UTC): ${r.beacons.length} beacon(s), ${check} to check.`);
  if (r.beacons.length === 0) return;
  out(
    formatTable(
      ['BEACON', 'CHECK', 'SILENCES', 'SILENT FOR', 'CHARGER', 'BATTERY', 'LAST SELF-TEST', 'NOW'],
      r.beacons.map((b) => [
        b.beaconId,
        b.attention ? 'yes' : '',
        String(b.silences),
        b.silentMs > 0 ? spoken(b.silentMs) : '',
        b.state?.charger ?? '',
        b.state?.battery === null || b.state === null ? '' : `${b.state.battery} %`,
        selfTestCell(b),
        b.state ? stateCell(b.state, now) : 'forgotten',
      ]),
    ),
  );
}

/**
 * `beacon …` admin subcommands: SCAIP beacons' digest credentials (scaip/credentials.ts).
 * The password is read like `user add`'s (first line of stdin, or typed twice hidden) and
 * only MD5(beaconId:realm:password) is stored, as SIP digest needs.
 */
import type { Logger } from 'pino';
import type { HubDb } from '../db/database';
import { BEACON_ID } from '../ingest/normalise';
import { listBeaconCredentials, removeBeaconCredentials, SCAIP_REALM, setBeaconCredentials } from '../scaip/credentials';
import { forgetBeacon } from '../supervision/beacon-record';
import { AdminRefusal, UsageError } from './errors';
import { formatTable } from './table';
import { checkPassword } from './users-admin';

export type BeaconCommand = { kind: 'beacon.add'; beaconId: string; siteId: string } | { kind: 'beacon.list' } | { kind: 'beacon.remove'; beaconId: string };

export const BEACON_USAGE = `  npm run hub -- beacon add <beaconId> --site <siteId>
                                      SCAIP digest credentials (user = beaconId, realm "${SCAIP_REALM}");
                                      password read like "user add"; an existing beacon: password replaced
  npm run hub -- beacon list               beacon id, site, creation and change times
  npm run hub -- beacon remove <beaconId>  its messages are refused (401) from then on`;

export function checkBeaconId(id: string | undefined): string {
  if (id === undefined || !BEACON_ID.test(id)) {
    throw new UsageError(`Invalid beacon id "${(id ?? '').slice(0, 70)}": 1 to 64 characters among letters, digits and . _ : - (it is the SIP digest user name).`);
  }
  return id;
}

export function parseBeaconArgs(verb: string | undefined, rest: string[], values: { site?: string }): BeaconCommand {
  const arity = verb === 'list' ? 0 : 1;
  if (verb !== 'add' && verb !== 'list' && verb !== 'remove') throw new UsageError(verb ? `Unknown command "beacon ${verb}".` : '"beacon" needs a command: add, list or remove.');
  if (rest.length !== arity) throw new UsageError(arity === 0 ? '"beacon list" takes no argument.' : `"beacon ${verb}" takes exactly one beacon id.`);
  if (verb !== 'add' && values.site !== undefined) throw new UsageError('--site is only for "beacon add".');
  if (verb === 'list') return { kind: 'beacon.list' };
  const beaconId = checkBeaconId(rest[0]);
  if (verb === 'remove') return { kind: 'beacon.remove', beaconId };
  const site = values.site?.trim();
  if (!site || site.length > 128 || /\p{C}/u.test(site)) throw new UsageError('"beacon add" needs --site <siteId> (the site of the directory the beacon is in).');
  return { kind: 'beacon.add', beaconId, siteId: site };
}

export async function executeBeacon(
  cmd: BeaconCommand,
  db: HubDb,
  log: Logger,
  readPassword: () => Promise<string>,
  out: (line: string) => void,
  note: (line: string) => void,
): Promise<void> {
  switch (cmd.kind) {
    case 'beacon.add': {
      const password = checkPassword(await readPassword());
      const replaced = await setBeaconCredentials(db, { beaconId: cmd.beaconId, siteId: cmd.siteId, password });
      log.info({ beaconId: cmd.beaconId, siteId: cmd.siteId, replaced }, replaced ? 'beacon password replaced' : 'beacon added');
      return out(
        replaced
          ? `Beacon "${cmd.beaconId}" (site ${cmd.siteId}): password replaced; the old one is refused from now on.`
          : `Beacon "${cmd.beaconId}" (site ${cmd.siteId}) added: it authenticates as user "${cmd.beaconId}", realm "${SCAIP_REALM}".`,
      );
    }
    case 'beacon.list': {
      const rows = await listBeaconCredentials(db);
      if (rows.length === 0) return note('No SCAIP beacon credentials.');
      return out(formatTable(['BEACON', 'SITE', 'CREATED', 'CHANGED'], rows.map((r) => [r.beaconId, r.siteId, r.createdAt, r.updatedAt])));
    }
    case 'beacon.remove':
      if (!(await removeBeaconCredentials(db, cmd.beaconId))) throw new AdminRefusal(`No beacon "${cmd.beaconId}".`);
      // Refused from now on, so silent: no longer supervised, or it would raise « balise muette » (supervision/).
      await forgetBeacon(db, cmd.beaconId);
      log.info({ beaconId: cmd.beaconId }, 'beacon removed');
      return out(`Beacon "${cmd.beaconId}" removed; its messages are refused from now on.`);
  }
}

/**
 * The hub's site directory: its documents in the database (migration 12), and an index in
 * memory that alarm intake reads on every alarm (beacon → site, no query). Every change goes
 * through `commit` (edits.ts), which writes the document and its journal row in one
 * transaction, then updates the index.
 *
 * One hub node keeps the index; with several nodes, each would have to reload it on the
 * others' pushes (not done: the directory is edited rarely, and only the SQLite hub exists).
 */
import type { Logger } from 'pino';
import { SitePlan } from '@shared/domain/site-plan';
import { AccessCode, Beacon, Site } from '@shared/domain/site';
import type { DirectoryChange, DirectorySnapshot } from '@shared/hub-protocol/directory';
import type { HubDb } from '../db/database';
import type { DirectoryChangesTable } from '../db/schema';
import type { BeaconLookup } from '../directory-index';

export interface SiteDirectory {
  lookup(beaconId: string): BeaconLookup | undefined;
  site(siteId: string): Site | undefined;
  beacon(beaconId: string): Beacon | undefined;
  plan(siteId: string): SitePlan | undefined;
  revision(): number;
  snapshot(): DirectorySnapshot;
  /** Re-reads everything from the database (after a seed or a commit). */
  reload(): Promise<void>;
  readonly db: HubDb;
  readonly logger: Logger;
}

export async function openSiteDirectory(db: HubDb, logger: Logger): Promise<SiteDirectory> {
  let sites = new Map<string, Site>();
  let beacons = new Map<string, Beacon>();
  let plans = new Map<string, SitePlan>();
  let revision = 0;
  const log = logger.child({ part: 'directory' });

  async function reload(): Promise<void> {
    const [siteRows, beaconRows, planRows, last] = await Promise.all([
      db.selectFrom('directory_sites').select(['id', 'data']).where('deleted_at', 'is', null).orderBy('id').execute(),
      db.selectFrom('directory_beacons').select(['id', 'data']).where('deleted_at', 'is', null).orderBy('id').execute(),
      db.selectFrom('directory_plans').select(['site_id', 'data']).orderBy('site_id').execute(),
      db.selectFrom('directory_changes').select((eb) => eb.fn.max('revision').as('rev')).executeTakeFirst(),
    ]);
    sites = new Map(parseAll(siteRows, Site, log, 'site').map((s) => [s.id, s]));
    beacons = new Map(parseAll(beaconRows, Beacon, log, 'beacon').map((b) => [b.id, b]));
    plans = new Map(parseAll(planRows.map((r) => ({ id: r.site_id, data: r.data })), SitePlan, log, 'plan').map((p) => [p.siteId, p]));
    revision = Number(last?.rev ?? 0);
  }
  await reload();

  return {
    db,
    logger: log,
    reload,
    lookup(beaconId) {
      const beacon = beacons.get(beaconId);
      return beacon ? { beacon, site: sites.get(beacon.siteId) } : undefined;
    },
    site: (id) => sites.get(id),
    beacon: (id) => beacons.get(id),
    plan: (id) => plans.get(id),
    revision: () => revision,
    snapshot: () => ({ revision, sites: [...sites.values()], beacons: [...beacons.values()], plans: [...plans.values()] }),
  };
}

/** A stored document that no longer parses is logged and left out, never a crash. */
function parseAll<T>(rows: { id: string; data: string }[], schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, log: Logger, what: string): T[] {
  const out: T[] = [];
  for (const r of rows) {
    try {
      const parsed = schema.safeParse(JSON.parse(r.data));
      if (parsed.success) out.push(parsed.data);
      else log.error({ id: r.id, what }, 'directory document unreadable: left out');
    } catch {
      log.error({ id: r.id, what }, 'directory document is not JSON: left out');
    }
  }
  return out;
}

export async function readAccessCodes(db: HubDb, siteId: string): Promise<AccessCode[]> {
  const row = await db.selectFrom('directory_sites').select('access_codes').where('id', '=', siteId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row?.access_codes) return [];
  const parsed = AccessCode.array().safeParse(JSON.parse(row.access_codes));
  return parsed.success ? parsed.data : [];
}

export function changeFromRow(r: DirectoryChangesTable): DirectoryChange {
  const after = r.after ? (JSON.parse(r.after) as unknown) : null;
  const isSite = r.op.startsWith('site.');
  const site = isSite ? Site.safeParse(after) : null;
  const beacon = !isSite ? Beacon.safeParse(after) : null;
  return {
    revision: Number(r.revision),
    at: r.at,
    actor: r.actor_id ? { operatorId: r.actor_id, displayName: r.actor_name ?? r.actor_id } : null,
    op: r.op as DirectoryChange['op'],
    entityId: r.entity_id,
    summary: r.summary,
    site: site?.success ? site.data : null,
    beacon: beacon?.success ? beacon.data : null,
    accessCodeCount: r.access_code_count === null ? null : Number(r.access_code_count),
  };
}

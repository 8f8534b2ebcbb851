/**
 * Seeding: a directory file (the demo's resources/demo/directory.json, or --directory) fills
 * the hub's directory at start. Only what the database does not have yet is added (a site or
 * beacon an admin edited keeps the admin's version; one an admin deleted is not brought
 * back), so restarting with the same file changes nothing, and a file that gained sites adds
 * them. One `seed` row in the directory's journal says what was added.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SitePlan } from '@shared/domain/site-plan';
import { AccessCode, type Directory } from '@shared/domain/site';
import type { SiteDirectory } from './store';

export interface DirectorySeed {
  directory: Directory;
  /** Per site id; kept apart from the directory file, as the hub keeps them apart from the site. */
  accessCodes?: Record<string, AccessCode[]>;
  plans?: SitePlan[];
}

const AccessCodesFile = z.object({ codes: z.record(z.string(), z.array(AccessCode)) });

/** The demo's access codes and floor plans beside its directory (resources/demo, resources/plans). */
export function loadDemoExtras(resourcesDir: string, log: SiteDirectory['logger']): Pick<DirectorySeed, 'accessCodes' | 'plans'> {
  let accessCodes: Record<string, AccessCode[]> = {};
  const codesFile = join(resourcesDir, 'demo', 'access-codes.json');
  if (existsSync(codesFile)) {
    const parsed = AccessCodesFile.safeParse(JSON.parse(readFileSync(codesFile, 'utf8')));
    if (parsed.success) accessCodes = parsed.data.codes;
    else log.error({ file: codesFile, issues: parsed.error.issues.slice(0, 5) }, 'demo access codes unreadable: none seeded');
  }
  return { accessCodes, plans: loadPlans(join(resourcesDir, 'plans'), log) };
}

/** Every <siteId>.geojson of a folder that is a valid plan; a bad file is logged and skipped. */
export function loadPlans(dir: string, log: SiteDirectory['logger']): SitePlan[] {
  if (!existsSync(dir)) return [];
  const plans: SitePlan[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.geojson')).sort()) {
    try {
      const parsed = SitePlan.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (parsed.success) plans.push(parsed.data);
      else log.error({ file: name, issues: parsed.error.issues.slice(0, 5) }, 'floor plan unreadable: skipped');
    } catch (err) {
      log.error({ file: name, err: (err as Error).message }, 'floor plan is not JSON: skipped');
    }
  }
  return plans;
}

export async function seedDirectory(store: SiteDirectory, seed: DirectorySeed): Promise<{ sites: number; beacons: number; plans: number }> {
  const now = new Date().toISOString();
  const siteIds = new Set(seed.directory.sites.map((s) => s.id));
  const counts = await store.db.transaction().execute(async (trx) => {
    let sites = 0;
    let beacons = 0;
    let plans = 0;
    for (const s of seed.directory.sites) {
      const codes = seed.accessCodes?.[s.id];
      const r = await trx
        .insertInto('directory_sites')
        .values({ id: s.id, data: JSON.stringify(s), access_codes: codes ? JSON.stringify(codes) : null, updated_at: now, deleted_at: null })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      sites += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    for (const b of seed.directory.beacons) {
      const r = await trx
        .insertInto('directory_beacons')
        .values({ id: b.id, site_id: b.siteId, data: JSON.stringify(b), updated_at: now, deleted_at: null })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      beacons += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    for (const p of seed.plans ?? []) {
      if (!siteIds.has(p.siteId)) continue;
      const r = await trx
        .insertInto('directory_plans')
        .values({ site_id: p.siteId, data: JSON.stringify(p), updated_at: now })
        .onConflict((oc) => oc.column('site_id').doNothing())
        .executeTakeFirst();
      plans += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    if (sites + beacons + plans > 0) {
      const last = await trx.selectFrom('directory_changes').select((eb) => eb.fn.max('revision').as('rev')).executeTakeFirst();
      await trx
        .insertInto('directory_changes')
        .values({
          revision: Number(last?.rev ?? 0) + 1,
          command_id: null,
          at: now,
          actor_id: null,
          actor_name: null,
          op: 'seed',
          entity_id: 'directory',
          summary: `importé : ${sites} sites, ${beacons} balises, ${plans} plans`,
          before: null,
          after: null,
          access_code_count: null,
        })
        .execute();
    }
    return { sites, beacons, plans };
  });
  await store.reload();
  if (counts.sites + counts.beacons + counts.plans > 0) store.logger.info(counts, 'directory seeded');
  return counts;
}

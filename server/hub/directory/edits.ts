/**
 * An admin's edit of the directory: checked, written with its journal row in one
 * transaction (the change and its record commit together or not at all), answered with the
 * change. A repeated command id answers the stored change without applying it again.
 */
import { pointInPolygon } from '@shared/geo/geofence';
import type { BeaconPlacement, Beacon, Site } from '@shared/domain/site';
import { rooms } from '@shared/domain/site-plan';
import type { DirectoryChange, DirectoryEdit } from '@shared/hub-protocol/directory';
import type { Actor } from '../auth/tokens';
import { isUniqueViolation, type HubDb } from '../db/database';
import { changeFromRow, type SiteDirectory } from './store';

export class DirectoryRefused extends Error {
  constructor(
    readonly code: 'invalid-command' | 'not-found' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

interface Applied {
  entityId: string;
  summary: string;
  before: Site | Beacon | null;
  after: Site | Beacon | null;
  accessCodeCount: number | null;
}

const SITE_FIELDS: Record<string, string> = {
  name: 'nom',
  kind: 'type',
  address: 'adresse',
  city: 'ville',
  position: 'position',
  contacts: 'contacts',
  ppms: 'PPMS',
  area: 'périmètre',
  siteId: 'site',
  use: 'usage',
  label: 'libellé',
  placement: 'emplacement',
};

/** Which fields changed, in words: « contacts, PPMS ». */
export function describeChange(before: object | null, after: object | null, extra: string[] = []): string {
  if (!before) return 'créé';
  if (!after) return 'supprimé';
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((after as Record<string, unknown>)[k]));
  const words = [...changed.map((k) => SITE_FIELDS[k] ?? k), ...extra];
  return words.length ? words.join(', ') : 'inchangé';
}

export async function commitEdit(store: SiteDirectory, actor: Actor, edit: DirectoryEdit): Promise<DirectoryChange> {
  if (actor.role !== 'admin') throw new DirectoryRefused('forbidden', 'Seul un administrateur modifie l’annuaire des sites.');
  const now = new Date().toISOString();
  try {
    const change = await store.db.transaction().execute(async (trx) => {
      const prior = await trx.selectFrom('directory_changes').selectAll().where('command_id', '=', edit.commandId).executeTakeFirst();
      if (prior) return { change: changeFromRow(prior), replayed: true };
      const applied = await apply(trx, store, edit, now);
      const last = await trx.selectFrom('directory_changes').select((eb) => eb.fn.max('revision').as('rev')).executeTakeFirst();
      const row = {
        revision: Number(last?.rev ?? 0) + 1,
        command_id: edit.commandId,
        at: now,
        actor_id: actor.operatorId,
        actor_name: actor.displayName,
        op: edit.op,
        entity_id: applied.entityId,
        summary: applied.summary,
        before: applied.before ? JSON.stringify(applied.before) : null,
        after: applied.after ? JSON.stringify(applied.after) : null,
        access_code_count: applied.accessCodeCount,
      };
      await trx.insertInto('directory_changes').values(row).execute();
      return { change: changeFromRow(row), replayed: false };
    });
    if (!change.replayed) await store.reload();
    return change.change;
  } catch (err) {
    if (isUniqueViolation(err)) {
      const prior = await store.db.selectFrom('directory_changes').selectAll().where('command_id', '=', edit.commandId).executeTakeFirst();
      if (prior) return changeFromRow(prior);
    }
    throw err;
  }
}

async function apply(db: HubDb, store: SiteDirectory, edit: DirectoryEdit, now: string): Promise<Applied> {
  switch (edit.op) {
    case 'site.save': {
      const before = store.site(edit.site.id) ?? null;
      const codes = edit.accessCodes ? JSON.stringify(edit.accessCodes) : undefined;
      await db
        .insertInto('directory_sites')
        .values({ id: edit.site.id, data: JSON.stringify(edit.site), access_codes: codes ?? null, updated_at: now, deleted_at: null })
        .onConflict((oc) => oc.column('id').doUpdateSet({ data: JSON.stringify(edit.site), updated_at: now, deleted_at: null, ...(codes !== undefined ? { access_codes: codes } : {}) }))
        .execute();
      const stored = await db.selectFrom('directory_sites').select('access_codes').where('id', '=', edit.site.id).executeTakeFirstOrThrow();
      const count = stored.access_codes ? (JSON.parse(stored.access_codes) as unknown[]).length : 0;
      return { entityId: edit.site.id, summary: describeChange(before, edit.site, edit.accessCodes && before ? ['codes d’accès'] : []), before, after: edit.site, accessCodeCount: count };
    }
    case 'site.delete': {
      const before = store.site(edit.siteId);
      if (!before) throw new DirectoryRefused('not-found', `Site ${edit.siteId} absent de l’annuaire.`);
      const left = store.snapshot().beacons.filter((b) => b.siteId === edit.siteId).length;
      if (left > 0) throw new DirectoryRefused('invalid-command', `Le site a encore ${left} balise(s) : supprimez-les ou rattachez-les à un autre site d’abord.`);
      await db.updateTable('directory_sites').set({ deleted_at: now, updated_at: now }).where('id', '=', edit.siteId).execute();
      return { entityId: edit.siteId, summary: 'supprimé', before, after: null, accessCodeCount: null };
    }
    case 'beacon.save': {
      if (!store.site(edit.beacon.siteId)) throw new DirectoryRefused('not-found', `Site ${edit.beacon.siteId} absent de l’annuaire : créez-le d’abord.`);
      const before = store.beacon(edit.beacon.id) ?? null;
      await writeBeacon(db, edit.beacon, now);
      return { entityId: edit.beacon.id, summary: describeChange(before, edit.beacon), before, after: edit.beacon, accessCodeCount: null };
    }
    case 'beacon.delete': {
      const before = store.beacon(edit.beaconId);
      if (!before) throw new DirectoryRefused('not-found', `Balise ${edit.beaconId} absente de l’annuaire.`);
      await db.updateTable('directory_beacons').set({ deleted_at: now, updated_at: now }).where('id', '=', edit.beaconId).execute();
      return { entityId: edit.beaconId, summary: 'supprimée', before, after: null, accessCodeCount: null };
    }
    case 'beacon.place': {
      const before = store.beacon(edit.beaconId);
      if (!before) throw new DirectoryRefused('not-found', `Balise ${edit.beaconId} absente de l’annuaire.`);
      const placement = placeOnPlan(store, before, edit.floor, edit.position);
      const after: Beacon = { ...before, placement };
      await writeBeacon(db, after, now);
      const room = placement.roomId ? roomName(store, before.siteId, placement.roomId) : 'hors des salles';
      return { entityId: edit.beaconId, summary: `emplacement : ${room} (niveau ${edit.floor})`, before, after, accessCodeCount: null };
    }
  }
}

async function writeBeacon(db: HubDb, b: Beacon, now: string): Promise<void> {
  await db
    .insertInto('directory_beacons')
    .values({ id: b.id, site_id: b.siteId, data: JSON.stringify(b), updated_at: now, deleted_at: null })
    .onConflict((oc) => oc.column('id').doUpdateSet({ site_id: b.siteId, data: JSON.stringify(b), updated_at: now, deleted_at: null }))
    .execute();
}

/** The room of the site's plan, on that floor, that contains the point (null: in none). */
export function placeOnPlan(store: Pick<SiteDirectory, 'plan'>, beacon: Beacon, floor: string, position: { lat: number; lon: number }): BeaconPlacement {
  const plan = store.plan(beacon.siteId);
  if (!plan) throw new DirectoryRefused('not-found', `Le site ${beacon.siteId} n’a pas de plan.`);
  if (!plan.floors.some((f) => f.id === floor)) throw new DirectoryRefused('invalid-command', `Niveau ${floor} absent du plan de ${beacon.siteId}.`);
  const room = rooms(plan).find((r) => r.properties.floor === floor && pointInPolygon(position, r.geometry.coordinates));
  return { floor, position, roomId: room?.properties.id ?? null };
}

function roomName(store: Pick<SiteDirectory, 'plan'>, siteId: string, roomId: string): string {
  const plan = store.plan(siteId);
  return (plan && rooms(plan).find((r) => r.properties.id === roomId)?.properties.name) ?? roomId;
}

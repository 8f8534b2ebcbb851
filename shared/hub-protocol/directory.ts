/**
 * The site directory between consoles and the hub, on the /console namespace (docs/DIRECTORY.md).
 * - `directory.get` (ack): the whole directory at its revision, plans included, access codes never.
 * - `directory.edit` (ack, admin only): one change, with a command id (a repeat gets the first answer);
 *   journaled at the hub and pushed to every console as `directory.changed`.
 * - `directory.changed` (push): the change and the directory's new revision; a console that sees a
 *   gap in revisions fetches the whole directory again.
 * - `directory.access-codes` (ack): a site's door and gate codes, only for the owner of an open case there.
 * - `directory.changes` (ack): the latest changes (the directory's journal), newest first.
 */
import { z } from 'zod';
import { SitePlan } from '../domain/site-plan';
import { AccessCode, Beacon, Position, Site } from '../domain/site';

export const DirectoryHubEvents = {
  get: 'directory.get',
  edit: 'directory.edit',
  changed: 'directory.changed',
  accessCodes: 'directory.access-codes',
  changes: 'directory.changes',
} as const;

const Id = z.string().min(1).max(64);

export const DirectorySnapshot = z.object({
  /** Bumped by every change; 0 for a directory nobody edited since it was seeded. */
  revision: z.number().int().nonnegative(),
  sites: z.array(Site),
  beacons: z.array(Beacon),
  plans: z.array(SitePlan),
});
export type DirectorySnapshot = z.infer<typeof DirectorySnapshot>;

/** One edit, as an admin's console sends it (without its command id: see DirectoryEdit). */
export const DirectoryEditInput = z.discriminatedUnion('op', [
  /** Creates or replaces a site; `accessCodes` absent = unchanged (they are write-only for the admin). */
  z.object({ op: z.literal('site.save'), site: Site, accessCodes: z.array(AccessCode).max(20).optional() }).strict(),
  z.object({ op: z.literal('site.delete'), siteId: Id }).strict(),
  z.object({ op: z.literal('beacon.save'), beacon: Beacon }).strict(),
  z.object({ op: z.literal('beacon.delete'), beaconId: Id }).strict(),
  /** An admin dragged the beacon on the plan: the hub finds the room that contains the point. */
  z.object({ op: z.literal('beacon.place'), beaconId: Id, floor: z.string().min(1).max(32), position: Position }).strict(),
]);
export type DirectoryEditInput = z.infer<typeof DirectoryEditInput>;

export const DirectoryEdit = z.intersection(DirectoryEditInput, z.object({ commandId: z.string().min(8).max(64) }));
export type DirectoryEdit = z.infer<typeof DirectoryEdit>;

export const DirectoryOp = z.enum(['site.save', 'site.delete', 'beacon.save', 'beacon.delete', 'beacon.place', 'seed']);

/** One change of the directory, as journaled and pushed. Access codes appear only as a count. */
export const DirectoryChange = z.object({
  revision: z.number().int().positive(),
  at: z.string(),
  actor: z.object({ operatorId: z.string(), displayName: z.string() }).nullable(),
  op: DirectoryOp,
  /** The site or beacon changed. */
  entityId: z.string(),
  /** Fields that changed, in words (« contacts, ppms »), or « créé » / « supprimé ». */
  summary: z.string(),
  /** The site or beacon as it is now; null when deleted (or for a beacon op). */
  site: Site.nullable(),
  beacon: Beacon.nullable(),
  /** For site.save: how many access codes the site has now (never the codes). */
  accessCodeCount: z.number().int().nonnegative().nullable(),
});
export type DirectoryChange = z.infer<typeof DirectoryChange>;

const Refusal = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.enum(['invalid-command', 'not-found', 'forbidden', 'not-owner', 'internal']), message: z.string() }),
});
export type DirectoryRefusal = z.infer<typeof Refusal>;

export const DirectoryGetAck = z.union([z.object({ ok: z.literal(true), directory: DirectorySnapshot }), Refusal]);
export const DirectoryEditAck = z.union([z.object({ ok: z.literal(true), change: DirectoryChange }), Refusal]);
export const AccessCodesRequest = z.object({ caseId: Id });
export const AccessCodesAck = z.union([z.object({ ok: z.literal(true), siteId: Id, codes: z.array(AccessCode) }), Refusal]);
export const DirectoryChangesRequest = z.object({ limit: z.number().int().min(1).max(500).default(50) });
export const DirectoryChangesAck = z.union([z.object({ ok: z.literal(true), changes: z.array(DirectoryChange) }), Refusal]);

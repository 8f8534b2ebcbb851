/**
 * The site directory as the renderer (and the console's other services) see it: served
 * from the console's cache (main/directory), which follows the hub live and keeps the last
 * copy on disk, so a console cut off from the hub still shows sites, contacts and plans.
 * Edits are admin-only (the hub decides); access codes come only from the hub, only for the
 * owner of an open case of the site, and are never cached.
 */
import { z } from 'zod';
import { DirectoryChange, DirectoryEditInput } from '../hub-protocol/directory';
import { SitePlan } from '../domain/site-plan';
import { AccessCode, Beacon, Site } from '../domain/site';
import type { RequestAccess } from './access';

const Id = z.string().min(1).max(64);

/** Where the copy served comes from: the hub just now, the disk cache (hub away), or nothing yet. */
export const DirectorySource = z.enum(['hub', 'cache', 'none']);
export type DirectorySource = z.infer<typeof DirectorySource>;

export const DirectoryView = z.object({
  revision: z.number().int().nonnegative(),
  source: DirectorySource,
  /** When this copy was last in step with the hub. */
  syncedAt: z.string().nullable(),
  sites: z.array(Site),
  beacons: z.array(Beacon),
  /** Sites that have a floor plan (fetch it with directory.plan). */
  planSiteIds: z.array(z.string()),
});
export type DirectoryView = z.infer<typeof DirectoryView>;

/** One site with its beacons and plan: what the case view needs. */
export const SiteCard = z.object({ site: Site, beacons: z.array(Beacon), plan: SitePlan.nullable(), source: DirectorySource });
export type SiteCard = z.infer<typeof SiteCard>;

export const directoryRequests = {
  'directory.get': { args: z.object({}).strict(), result: DirectoryView },
  /** A site, its beacons and plan; null when the directory has no such site. */
  'directory.site': { args: z.object({ siteId: Id }).strict(), result: SiteCard.nullable() },
  /** The site card of a beacon's site; null for a beacon out of the directory. */
  'directory.beacon': { args: z.object({ beaconId: Id }).strict(), result: z.object({ beacon: Beacon, card: SiteCard.nullable() }).nullable() },
  'directory.plan': { args: z.object({ siteId: Id }).strict(), result: SitePlan.nullable() },
  /** The site's door and gate codes, for the owner of this open case only (asked of the hub each time; journaled). */
  'directory.accessCodes': { args: z.object({ caseId: Id }).strict(), result: z.object({ siteId: Id, codes: z.array(AccessCode) }) },
  /** Admin: one edit (site, beacon, placement on the plan); the hub journals it and pushes it to every console. */
  'directory.edit': { args: DirectoryEditInput, result: DirectoryChange },
  /** Admin: the directory's journal at the hub, newest first. */
  'directory.changes': { args: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), result: z.array(DirectoryChange) },
} as const;

export const directoryEvents = {
  /** The directory changed (an edit, a refetch, the hub lost or back): read it again if shown. */
  'directory.changed': z.object({ revision: z.number().int().nonnegative(), source: DirectorySource, change: DirectoryChange.nullable() }),
} as const;

export const directoryAccess = {
  'directory.get': 'operator',
  'directory.site': 'operator',
  'directory.beacon': 'operator',
  'directory.plan': 'operator',
  'directory.accessCodes': 'operator',
  'directory.edit': 'operator',
  'directory.changes': 'operator',
} as const satisfies Record<keyof typeof directoryRequests, RequestAccess>;

/**
 * Sites (schools, crèches, municipal buildings) and the beacons placed in them: the site
 * directory. The hub holds it (server/hub/directory), consoles keep a copy for offline use
 * (main/directory). Everything here is what any logged-in console may see; a site's access
 * codes are not in it (see AccessCode): the hub gives them only to the owner of an open
 * case of that site.
 */
import { z } from 'zod';

export const SiteKind = z.enum(['school', 'creche', 'municipal', 'erp']);
export type SiteKind = z.infer<typeof SiteKind>;

export const Position = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
export type Position = z.infer<typeof Position>;

export const Contact = z.object({ role: z.string().max(120), name: z.string().max(120), phone: z.string().max(40) });
export type Contact = z.infer<typeof Contact>;

/** A closed ring of [lon, lat] pairs (GeoJSON order), first point repeated last. */
export const LonLatRing = z
  .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .min(4)
  .max(500)
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'ring not closed (first point must be repeated last)');
export type LonLatRing = z.infer<typeof LonLatRing>;

/**
 * What an operator reads out to 17 / 18 during a PPMS alarm (Plan Particulier de Mise en
 * Sûreté): where people shelter, where they gather, how the emergency services get in.
 */
export const SitePpms = z.object({
  confinementRooms: z.array(z.string().max(120)).max(40).default([]),
  assemblyPoints: z.array(z.string().max(200)).max(20).default([]),
  /** Directions for the police and fire brigade: gate, street, key box. */
  accessDirections: z.string().max(2000).default(''),
  notes: z.string().max(2000).default(''),
});
export type SitePpms = z.infer<typeof SitePpms>;

export const Site = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  kind: SiteKind,
  address: z.string().max(300),
  city: z.string().max(120),
  position: Position,
  contacts: z.array(Contact).max(30),
  ppms: SitePpms.optional(),
  /** The site's grounds: a beacon whose position falls outside is "hors de son site". Absent: a radius around `position`. */
  area: LonLatRing.optional(),
});
export type Site = z.infer<typeof Site>;

/** Where a beacon is on its site's plan: a floor of the plan, its point, the room that contains it (null: in no room). */
export const BeaconPlacement = z.object({
  floor: z.string().min(1).max(32),
  position: Position,
  roomId: z.string().max(64).nullable(),
});
export type BeaconPlacement = z.infer<typeof BeaconPlacement>;

export const Beacon = z.object({
  id: z.string().min(1).max(64),
  siteId: z.string().min(1).max(64),
  use: z.enum(['ppms', 'pti', 'ms70']),
  label: z.string().max(200),
  placement: BeaconPlacement.optional(),
});
export type Beacon = z.infer<typeof Beacon>;

/** A door or gate code of a site: never in the directory itself, only for the owner of an open case there. */
export const AccessCode = z.object({ label: z.string().min(1).max(120), code: z.string().min(1).max(40) });
export type AccessCode = z.infer<typeof AccessCode>;

export const Directory = z.object({ sites: z.array(Site), beacons: z.array(Beacon) });
export type Directory = z.infer<typeof Directory>;

/**
 * ARCEP's ranges reserved for fiction (films, books, demos): a number in them reaches nobody.
 * Every demo contact must be in one of them (resources/demo tests check it).
 */
export const FICTION_PHONE_PREFIXES = ['019900', '026191', '035301', '046571', '053649', '063998'] as const;
export function isFictionNumber(phone: string): boolean {
  const digits = phone.replace(/[\s.-]/g, '');
  return /^0\d{9}$/.test(digits) && FICTION_PHONE_PREFIXES.some((p) => digits.startsWith(p));
}

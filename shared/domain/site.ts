/** Sites (schools, crèches, municipal buildings) and the beacons placed in them. */
import { z } from 'zod';

export const SiteKind = z.enum(['school', 'creche', 'municipal', 'erp']);
export type SiteKind = z.infer<typeof SiteKind>;

export const Position = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
export type Position = z.infer<typeof Position>;

export const Contact = z.object({ role: z.string(), name: z.string(), phone: z.string() });
export type Contact = z.infer<typeof Contact>;

export const Site = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: SiteKind,
  address: z.string(),
  city: z.string(),
  position: Position,
  contacts: z.array(Contact),
});
export type Site = z.infer<typeof Site>;

export const Beacon = z.object({
  id: z.string().min(1).max(64),
  siteId: z.string().min(1),
  use: z.enum(['ppms', 'pti', 'ms70']),
  label: z.string(),
});
export type Beacon = z.infer<typeof Beacon>;

export const Directory = z.object({ sites: z.array(Site), beacons: z.array(Beacon) });
export type Directory = z.infer<typeof Directory>;

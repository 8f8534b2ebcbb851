/**
 * A site's floor plan: GeoJSON rooms per floor, georeferenced (lon/lat, WGS 84) on the
 * building footprint, with the PPMS features an operator reads out: confinement rooms,
 * assembly points, access points for the police and the fire brigade. One FeatureCollection
 * per site (resources/plans/<siteId>.geojson), with foreign members `siteId`, `floors` and
 * `footprint` (where the outline comes from). See docs/DIRECTORY.md.
 */
import { z } from 'zod';
import { LonLatRing } from './site';

const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Id = z.string().min(1).max(64);

export const PlanFloor = z.object({ id: Id, label: z.string().min(1).max(60) });
export type PlanFloor = z.infer<typeof PlanFloor>;

const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(LonLatRing).min(1).max(10) });
const point = z.object({ type: z.literal('Point'), coordinates: LonLat });

export const RoomFeature = z.object({
  type: z.literal('Feature'),
  geometry: polygon,
  properties: z.object({
    kind: z.literal('room'),
    id: Id,
    name: z.string().min(1).max(80),
    floor: Id,
    /** A PPMS confinement room (lockable, away from windows, with water and a radio). */
    confinement: z.boolean().default(false),
  }),
});
export type RoomFeature = z.infer<typeof RoomFeature>;

export const BuildingFeature = z.object({
  type: z.literal('Feature'),
  geometry: polygon,
  properties: z.object({ kind: z.literal('building'), id: Id, name: z.string().max(80) }),
});
export type BuildingFeature = z.infer<typeof BuildingFeature>;

export const AssemblyFeature = z.object({
  type: z.literal('Feature'),
  geometry: point,
  properties: z.object({ kind: z.literal('assembly'), id: Id, name: z.string().min(1).max(120) }),
});
export type AssemblyFeature = z.infer<typeof AssemblyFeature>;

export const AccessFeature = z.object({
  type: z.literal('Feature'),
  geometry: point,
  properties: z.object({
    kind: z.literal('access'),
    id: Id,
    name: z.string().min(1).max(120),
    /** Who it is for: the police (intrusion), the fire brigade (engines, hydrant side) or both. */
    for: z.enum(['police', 'fire', 'all']),
  }),
});
export type AccessFeature = z.infer<typeof AccessFeature>;

export const PlanFeature = z.union([RoomFeature, BuildingFeature, AssemblyFeature, AccessFeature]);
export type PlanFeature = z.infer<typeof PlanFeature>;

export const SitePlan = z.object({
  type: z.literal('FeatureCollection'),
  siteId: Id,
  floors: z.array(PlanFloor).min(1).max(12),
  /** Where the building outline comes from (an OSM building of the basemap, or drawn). */
  footprint: z.string().max(300),
  features: z.array(PlanFeature).max(2000),
});
export type SitePlan = z.infer<typeof SitePlan>;

export const rooms = (p: SitePlan): RoomFeature[] => p.features.filter((f): f is RoomFeature => f.properties.kind === 'room');

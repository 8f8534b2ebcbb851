/**
 * A small plan for renderer tests (the demo plans live in resources/, out of the renderer's
 * reach): a 40 × 14 m building at Collège Anita Conti, two floors of four rooms, a
 * confinement room per floor, an assembly point and two access points, two beacons.
 */
import type { SiteCard } from '@shared/contract';
import type { SitePlan } from '@shared/domain/site-plan';
import type { Site } from '@shared/domain/site';

const LAT0 = 47.270912;
const LON0 = -2.23243;
const KX = 111_320 * Math.cos((LAT0 * Math.PI) / 180);
const KY = 110_540;
/** Metres east / north of the site's point → [lon, lat]. */
export const at = (x: number, y: number): [number, number] => [LON0 + x / KX, LAT0 + y / KY];
const rect = (x0: number, y0: number, x1: number, y1: number) => [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]];

const NAMES: Record<string, string[]> = { '0': ['Accueil', 'CDI', 'Réfectoire', 'Salle 004'], '1': ['Salle 101', 'Salle 102', 'Salle 105', 'Salle 107'] };
const SHELTER: Record<string, string> = { '0': 'CDI', '1': 'Salle 105' };

export const FIXTURE_PLAN: SitePlan = {
  type: 'FeatureCollection',
  siteId: 'school-0442759k',
  floors: [
    { id: '0', label: 'Rez-de-chaussée' },
    { id: '1', label: '1er étage' },
  ],
  footprint: 'test fixture',
  features: [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: rect(0, 0, 40, 14) }, properties: { kind: 'building', id: 'building', name: 'Collège Anita Conti' } },
    ...['0', '1'].flatMap((floor) =>
      NAMES[floor]!.map((name, i) => ({
        type: 'Feature' as const,
        geometry: { type: 'Polygon' as const, coordinates: rect(i * 10 + 0.3, 0.3, (i + 1) * 10 - 0.3, 13.7) },
        properties: { kind: 'room' as const, id: `f${floor}-r0${i + 1}`, name, floor, confinement: SHELTER[floor] === name },
      })),
    ),
    { type: 'Feature', geometry: { type: 'Point', coordinates: at(20, 32) }, properties: { kind: 'assembly', id: 'assembly-1', name: 'Point de rassemblement — cour' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: at(6, -6) }, properties: { kind: 'access', id: 'access-main', name: 'Portail principal (police)', for: 'police' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: at(34, -6) }, properties: { kind: 'access', id: 'access-fire', name: 'Accès pompiers (portail à double battant)', for: 'fire' } },
  ],
};

export const FIXTURE_SITE: Site = {
  id: 'school-0442759k',
  name: 'Collège Anita Conti',
  kind: 'school',
  address: '1 rue Test',
  city: '44600 Saint-Nazaire',
  position: { lat: LAT0, lon: LON0 },
  contacts: [],
  ppms: { confinementRooms: ['CDI (rez-de-chaussée)', 'Salle 105 (1er étage)'], assemblyPoints: ['Point de rassemblement — cour'], accessDirections: '', notes: '' },
};

const centre = (i: number) => ({ lon: at(i * 10 + 5, 7)[0], lat: at(i * 10 + 5, 7)[1] });
export const FIXTURE_CARD: SiteCard = {
  site: FIXTURE_SITE,
  plan: FIXTURE_PLAN,
  source: 'hub',
  beacons: [
    { id: 'SN-PPMS-016', siteId: FIXTURE_SITE.id, use: 'ppms', label: 'Balise PPMS — accueil', placement: { floor: '0', position: centre(0), roomId: 'f0-r01' } },
    { id: 'SN-PPMS-017', siteId: FIXTURE_SITE.id, use: 'ppms', label: 'Balise PPMS — bâtiment B', placement: { floor: '1', position: centre(3), roomId: 'f1-r04' } },
  ],
};

/**
 * The beacons of a flood: a real PPMS alert is one school where every classroom's
 * beacon goes off. The demo directory has one or two beacons per site, so a flood adds
 * classroom beacons to the site it floods (the hub is started with the augmented
 * directory, so they are known beacons of that site, and the demo seeds their
 * credentials like any other).
 */
import type { Beacon, Directory } from '@shared/domain/site';

/** Ids of the added classroom beacons: `<site id>-C01`… (the hub's beacon id charset). */
export function floodBeaconIds(siteId: string, count: number): string[] {
  const base = siteId.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, 56);
  return Array.from({ length: count }, (_, i) => `${base}-C${String(i + 1).padStart(2, '0')}`);
}

/**
 * The directory with `count` classroom beacons at `siteId` (none added twice). Throws
 * with a clear message when the site is not in the directory.
 */
export function withFloodBeacons(directory: Directory, siteId: string, count: number): Directory {
  if (!directory.sites.some((s) => s.id === siteId)) {
    const known = directory.sites.slice(0, 5).map((s) => s.id).join(', ');
    throw new Error(`flood: no site "${siteId}" in the directory (e.g. ${known})`);
  }
  const have = new Set(directory.beacons.map((b) => b.id));
  const added: Beacon[] = floodBeaconIds(siteId, count)
    .filter((id) => !have.has(id))
    .map((id, i) => ({ id, siteId, use: 'ppms', label: `Balise PPMS — classe ${i + 1}` }));
  return { sites: directory.sites, beacons: [...directory.beacons, ...added] };
}

/** Every beacon of the site in the directory: its own and the added classroom ones. */
export function beaconsOfSite(directory: Directory, siteId: string): string[] {
  return directory.beacons.filter((b) => b.siteId === siteId).map((b) => b.id);
}

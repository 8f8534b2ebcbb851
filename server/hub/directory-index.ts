import type { Beacon, Directory, Site } from '@shared/domain/site';

export interface BeaconLookup {
  beacon: Beacon;
  site: Site | undefined;
}

/** O(1) beacon → site lookup for ingest. */
export function indexDirectory(directory: Directory): (beaconId: string) => BeaconLookup | undefined {
  const sites = new Map(directory.sites.map((s) => [s.id, s]));
  const beacons = new Map(directory.beacons.map((b) => [b.id, { beacon: b, site: sites.get(b.siteId) }]));
  return (beaconId) => beacons.get(beaconId);
}

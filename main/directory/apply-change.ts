/** One directory change applied to a copy of the directory (pure: the hub's push, or an edit's ack). */
import type { DirectoryChange, DirectorySnapshot } from '@shared/hub-protocol/directory';

export function applyChange(d: DirectorySnapshot, c: DirectoryChange): DirectorySnapshot {
  let { sites, beacons } = d;
  switch (c.op) {
    case 'site.save':
      if (c.site) sites = upsert(sites, c.site);
      break;
    case 'site.delete':
      sites = sites.filter((s) => s.id !== c.entityId);
      beacons = beacons.filter((b) => b.siteId !== c.entityId);
      break;
    case 'beacon.save':
    case 'beacon.place':
      if (c.beacon) beacons = upsert(beacons, c.beacon);
      break;
    case 'beacon.delete':
      beacons = beacons.filter((b) => b.id !== c.entityId);
      break;
    case 'seed':
      break;
  }
  return { ...d, revision: c.revision, sites, beacons };
}

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const at = list.findIndex((x) => x.id === item.id);
  if (at < 0) return [...list, item];
  const copy = list.slice();
  copy[at] = item;
  return copy;
}

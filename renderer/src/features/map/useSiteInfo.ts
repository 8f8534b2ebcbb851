/** The case's site from the directory (console cache, works offline): position and access directions. */
import { useEffect, useState } from 'react';
import type { GeoPoint } from '@shared/geo';
import { useApi } from '../../api/context';
import type { SiteInfo } from './copy-text';

export type SiteWithPosition = SiteInfo & { position: GeoPoint };

export function useSiteInfo(siteId: string | null): SiteWithPosition | null {
  const api = useApi();
  const [site, setSite] = useState<SiteWithPosition | null>(null);
  useEffect(() => {
    if (!siteId) return;
    let live = true;
    api
      .invoke('directory.site', { siteId })
      .then((card) => {
        if (!live || !card) return;
        const s = card.site;
        setSite({ name: s.name, address: s.address, city: s.city, accessDirections: s.ppms?.accessDirections ?? '', position: s.position });
      })
      .catch((err: unknown) => {
        // No directory (older hub, cache empty): the map still shows the beacon; the address comes from the case.
        console.warn('site directory unavailable for the map', err);
      });
    return () => {
      live = false;
    };
  }, [api, siteId]);
  return site;
}

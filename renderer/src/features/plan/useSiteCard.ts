/** The site card of a case's beacon (or of its site), from the console's directory copy; read again when the directory changes. */
import { useEffect, useState } from 'react';
import type { SiteCard } from '@shared/contract';
import { useApi } from '../../api/context';

export type SiteCardState = { status: 'loading' } | { status: 'ready'; card: SiteCard | null } | { status: 'failed' };

export function useSiteCard(beaconId: string, siteId: string | null): SiteCardState {
  const api = useApi();
  const [state, setState] = useState<SiteCardState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const load = async () => {
      const found = await api.invoke('directory.beacon', { beaconId });
      if (found?.card) return found.card;
      return siteId ? api.invoke('directory.site', { siteId }) : null;
    };
    const read = () =>
      load().then(
        (card) => live && setState({ status: 'ready', card }),
        (err: unknown) => {
          console.warn('[veille] site directory unavailable', err);
          if (live) setState({ status: 'failed' });
        },
      );
    const off = api.on('directory.changed', () => void read());
    void read();
    return () => {
      live = false;
      off();
    };
  }, [api, beaconId, siteId]);
  return state;
}

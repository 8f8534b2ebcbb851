/** The directory as the admin screen shows it: read from the console's copy, read again on every change. */
import { useCallback, useEffect, useState } from 'react';
import type { DirectoryView } from '@shared/contract';
import { useApi } from '../../api/context';

export function useDirectory(): { view: DirectoryView | null; failed: boolean; reload: () => void } {
  const api = useApi();
  const [view, setView] = useState<DirectoryView | null>(null);
  const [failed, setFailed] = useState(false);
  const reload = useCallback(() => {
    api.invoke('directory.get', {}).then(
      (v) => {
        setView(v);
        setFailed(false);
      },
      (err: unknown) => {
        console.error('[veille] directory.get failed', err);
        setFailed(true);
      },
    );
  }, [api]);
  useEffect(() => {
    const off = api.on('directory.changed', reload);
    reload();
    return off;
  }, [api, reload]);
  return { view, failed, reload };
}

/** The wall view lives at #mur: a wall screen opens the console there and stays there. */
import { useSyncExternalStore } from 'react';

export const WALL_HASH = '#mur';

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useWallRoute(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === WALL_HASH);
}

export function openWallView(): void {
  window.location.hash = WALL_HASH;
}

export function closeWallView(): void {
  // Drop the hash without a reload: the console's own address (and its ?token) stay.
  history.replaceState(null, '', window.location.pathname + window.location.search);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

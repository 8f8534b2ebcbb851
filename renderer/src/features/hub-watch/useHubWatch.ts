/** Runs the hub watch for the page's lifetime, playing its warning on Web Audio. */
import { useEffect } from 'react';
import { useServices } from '../../api/context';
import { playPattern } from '../sound/player';
import { HUB_WARNING_PATTERN } from '../sound/tones';
import { startHubWatch } from './hub-watch';

export function useHubWatch(): void {
  const { store, audio } = useServices();
  useEffect(
    () =>
      startHubWatch({
        store,
        play: () => {
          const ctx = audio?.context();
          // A suspended context cannot play: the top bar shows « Son bloqué » meanwhile.
          if (ctx && ctx.state === 'running') playPattern(ctx, HUB_WARNING_PATTERN);
        },
      }),
    [store, audio],
  );
}

/** Runs the alert controller for the logged-in console and tracks whether audio can play. */
import { useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../../api/context';
import { startAlertController } from './alert-controller';
import { playPattern } from './player';
import { patternFor } from './tones';

export function useAlertSound(): void {
  const { store, audio } = useServices();
  useEffect(() => {
    return startAlertController({
      store,
      play: (priority) => {
        const ctx = audio?.context();
        // A suspended context cannot play: the top bar shows « Son bloqué » meanwhile.
        if (ctx && ctx.state === 'running') playPattern(ctx, patternFor(priority));
      },
    });
  }, [store, audio]);
}

export type AudioState = 'running' | 'blocked' | 'unavailable';

export function useAudioState(): AudioState {
  const { audio } = useServices();
  return useSyncExternalStore(
    (cb) => audio?.onStateChange(cb) ?? (() => {}),
    () => (!audio || !audio.context() ? 'unavailable' : audio.isRunning() ? 'running' : 'blocked'),
  );
}

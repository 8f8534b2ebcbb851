/** Runs the alert controller for the logged-in console and tracks whether audio can play. */
import { useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../../api/context';
import { startAlertController } from './alert-controller';
import { playPattern } from './player';
import { OWNER_PATTERN, patternFor } from './tones';

/** Where the running mute is kept, so a reload (or a crash and restart) does not bring the sound back early. */
export const MUTE_PREF = 'soundMuteUntil';

export function useAlertSound(): void {
  const { store, audio, prefs } = useServices();
  useEffect(() => {
    const saved = Number(prefs.get(MUTE_PREF));
    if (saved > 0) store.getState().restoreMute(saved, Date.now());
    const unsubscribe = store.subscribe((next, prev) => {
      if (next.muteUntil !== prev.muteUntil) prefs.set(MUTE_PREF, next.muteUntil === null ? '' : String(next.muteUntil));
    });
    const stop = startAlertController({
      store,
      play: (sound) => {
        const ctx = audio?.context();
        // A suspended context cannot play: the top bar shows « Son bloqué » meanwhile.
        if (ctx && ctx.state === 'running') playPattern(ctx, sound === 'owner' ? OWNER_PATTERN : patternFor(sound));
      },
    });
    return () => {
      unsubscribe();
      stop();
    };
  }, [store, audio, prefs]);
}

export type AudioState = 'running' | 'blocked' | 'unavailable';

export function useAudioState(): AudioState {
  const { audio } = useServices();
  return useSyncExternalStore(
    (cb) => audio?.onStateChange(cb) ?? (() => {}),
    () => (!audio || !audio.context() ? 'unavailable' : audio.isRunning() ? 'running' : 'blocked'),
  );
}

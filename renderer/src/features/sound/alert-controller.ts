/**
 * Decides when the console rings, independently of React: on every arrival of
 * a new open case, then again every few seconds while a P1/P2 case stays
 * unclaimed. A mute always expires by itself, so sound is never off for good.
 */
import { selectUrgentUnclaimed } from '../../store/selectors';
import type { ConsoleStore } from '../../store/store';
import { repeatMs } from './tones';

export type AlertControllerOptions = {
  store: ConsoleStore;
  /** Plays the pattern for a priority; the real one goes to Web Audio. */
  play: (priority: number) => void;
  now?: () => number;
  tickMs?: number;
};

export function startAlertController({ store, play, now = Date.now, tickMs = 1000 }: AlertControllerOptions): () => void {
  let lastPlayedAt = -Infinity;
  const muted = () => {
    const until = store.getState().muteUntil;
    return until !== null && until > now();
  };
  const ring = (priority: number) => {
    if (muted()) return;
    lastPlayedAt = now();
    try {
      play(priority);
    } catch (err) {
      console.error('[veille] alert sound failed', err);
    }
  };

  const unsubscribe = store.subscribe((next, prev) => {
    if (next.arrival.seq !== prev.arrival.seq) ring(next.arrival.priority);
  });

  const timer = setInterval(() => {
    const s = store.getState();
    if (s.muteUntil !== null && s.muteUntil <= now()) s.unmute();
    const urgent = selectUrgentUnclaimed(s);
    const every = urgent ? repeatMs(urgent) : null;
    if (every !== null && now() - lastPlayedAt >= every) ring(urgent);
  }, tickMs);

  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}

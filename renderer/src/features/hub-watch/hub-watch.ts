/**
 * Watches the console's alarm feed while an operator is logged in. When the hub
 * has been unreachable for more than HUB_GRACE_MS, it raises `hubDown` (the red
 * banner) and plays a warning tone every WARNING_REPEAT_MS until the hub is
 * back: a silent console that receives nothing looks exactly like a calm night.
 * A lost link to the console host stops the feed just as surely, so it rings
 * too (its own banner, LinkBanner, says what happened). The mute applies, and
 * expires by itself as for alarms.
 */
import type { ConsoleState } from '../../store/types';
import type { ConsoleStore } from '../../store/store';

/** A hub restart or a short network cut should not ring: warn after this long. */
export const HUB_GRACE_MS = 5_000;
export const WARNING_REPEAT_MS = 10_000;

export type HubWatchOptions = {
  store: ConsoleStore;
  /** Plays the hub warning tone (the real one goes to Web Audio). */
  play: () => void;
  now?: () => number;
  tickMs?: number;
};

function feedLost(s: ConsoleState): boolean {
  return s.operator !== null && (s.link !== 'open' || s.hub?.connected === false);
}

export function startHubWatch({ store, play, now = Date.now, tickMs = 1000 }: HubWatchOptions): () => void {
  let lostSince: number | null = null;
  let lastPlayedAt = -Infinity;

  const evaluate = () => {
    const s = store.getState();
    const t = now();
    if (!feedLost(s)) {
      lostSince = null;
      lastPlayedAt = -Infinity;
      if (s.hubDown) s.setHubDown(false);
      return;
    }
    lostSince ??= t;
    const long = t - lostSince > HUB_GRACE_MS;
    const muted = s.muteUntil !== null && s.muteUntil > t;
    if (long && !muted && t - lastPlayedAt >= WARNING_REPEAT_MS) {
      lastPlayedAt = t;
      try {
        play();
      } catch (err) {
        console.error('[veille] hub warning sound failed', err);
      }
    }
    // The banner speaks of the hub only when the host link is up (otherwise the hub's state is unknown).
    const hubDown = long && s.link === 'open' && s.hub?.connected === false;
    if (hubDown !== s.hubDown) s.setHubDown(hubDown);
  };

  const unsubscribe = store.subscribe((next, prev) => {
    if (next.hub !== prev.hub || next.link !== prev.link || next.operator !== prev.operator) evaluate();
  });
  const timer = setInterval(evaluate, tickMs);
  evaluate();
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}

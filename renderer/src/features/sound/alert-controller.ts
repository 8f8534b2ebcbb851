/**
 * Decides when the console rings, independently of React. A policy an operator keeps on
 * all night:
 * - a new case (or an unclaimed one that became more urgent) rings its priority's tone;
 *   arrivals closer than ARRIVAL_GAP_MS ring once, with the most urgent of them, so a flood
 *   is one tone every few seconds, not one per alarm;
 * - while a P1/P2 case waits unclaimed, a reminder every repeatMs(priority);
 * - what is already owned is silent, except for its owner: a later alarm joining a case I
 *   own rings the owner tone (the row carries a mark until I open it);
 * - a mute always expires by itself, so sound is never off for good.
 */
import { selectUrgentUnclaimed } from '../../store/selectors';
import type { ConsoleStore } from '../../store/store';
import { repeatMs } from './tones';

/** A priority's tone, or the owner's tone for a new alarm on a case they hold. */
export type AlertSound = number | 'owner';

/** The shortest gap between two arrival tones. */
export const ARRIVAL_GAP_MS = 3_000;

export type AlertControllerOptions = {
  store: ConsoleStore;
  /** Plays the pattern; the real one goes to Web Audio. */
  play: (sound: AlertSound) => void;
  now?: () => number;
  tickMs?: number;
};

export function startAlertController({ store, play, now = Date.now, tickMs = 1000 }: AlertControllerOptions): () => void {
  let lastPlayedAt = -Infinity;
  let lastArrivalAt = -Infinity;
  /** The most urgent sound waiting for the arrival gap to pass; null when none waits. */
  let waiting: AlertSound | null = null;
  let waitTimer: ReturnType<typeof setTimeout> | undefined;

  const muted = () => {
    const until = store.getState().muteUntil;
    return until !== null && until > now();
  };
  const ring = (sound: AlertSound) => {
    if (muted()) return;
    lastPlayedAt = now();
    try {
      play(sound);
    } catch (err) {
      console.error('[veille] alert sound failed', err);
    }
  };
  const more = (a: AlertSound | null, b: AlertSound): AlertSound => {
    // A priority tone outranks the owner's tone: the queue needs someone first.
    if (a === null) return b;
    if (a === 'owner') return b;
    if (b === 'owner') return a;
    return Math.min(a, b);
  };
  const flush = () => {
    waitTimer = undefined;
    if (waiting === null) return;
    const sound = waiting;
    waiting = null;
    lastArrivalAt = now();
    ring(sound);
  };
  const announce = (sound: AlertSound) => {
    waiting = more(waiting, sound);
    const since = now() - lastArrivalAt;
    if (since >= ARRIVAL_GAP_MS) flush();
    else waitTimer ??= setTimeout(flush, ARRIVAL_GAP_MS - since);
  };

  const unsubscribe = store.subscribe((next, prev) => {
    if (next.arrival.seq !== prev.arrival.seq) announce(next.arrival.priority);
    if (next.ownerNews.seq !== prev.ownerNews.seq) announce('owner');
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
    clearTimeout(waitTimer);
  };
}

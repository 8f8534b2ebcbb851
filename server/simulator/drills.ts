/**
 * Announced drills: as in the field, the city registers a requested exercise in the
 * software before the school triggers it (../shared/context), so the hub flags the
 * alarm as a drill from the registered window, whatever protocol carried it (a SCAIP
 * mrq has no drill flag). The simulator registers one window per site and reuses it.
 */
import type { Directory } from '@shared/domain/site';

export interface DrillWindow {
  siteId: string;
  from: Date;
  to: Date;
  note: string;
}

/** Registers a drill window at the hub (its drill registry, server/hub/drills); wired by whoever owns the hub. */
export type DrillAnnouncer = (drill: DrillWindow) => Promise<void>;

/**
 * A window covers the drill's alarm, its re-sends and updates, and no more than that: every
 * alarm of the site inside it is handled as an exercise. A new one is registered once less
 * than REUSE_MS of it is left.
 */
const WINDOW_MS = 10 * 60_000;
const EARLY_MS = 60_000;
const REUSE_MS = 3 * 60_000;

export function drillRegistrar(directory: Directory, announce: DrillAnnouncer, now: () => number = Date.now) {
  const until = new Map<string, number>();
  return {
    /** Resolves once the site of this beacon has a registered window covering the next minutes. */
    async ensure(beaconId: string): Promise<void> {
      const siteId = directory.beacons.find((b) => b.id === beaconId)?.siteId;
      if (!siteId) return;
      const t = now();
      if ((until.get(siteId) ?? 0) > t + REUSE_MS) return;
      const from = new Date(t - EARLY_MS);
      const to = new Date(t + WINDOW_MS);
      await announce({ siteId, from, to, note: 'Exercice PPMS (simulateur)' });
      until.set(siteId, to.getTime());
    },
  };
}

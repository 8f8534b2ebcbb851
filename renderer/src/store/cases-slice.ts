/**
 * The cases this console knows, keyed by id. Every update keeps the highest
 * version (the hub bumps it on each change), so a late or repeated delta can
 * never roll a case back. New open cases are counted as arrivals for the alert sound.
 */
import type { StateCreator } from 'zustand/vanilla';
import { applyCaseDelta, type Case } from '@shared/domain/case';
import type { ConsoleState } from './types';

export type Arrival = { seq: number; priority: number; count: number };

export type CasesSlice = {
  cases: Record<string, Case>;
  /** Bumped whenever open cases not seen before arrive; the sound follows it. */
  arrival: Arrival;
  /** Full list of open cases from the host; open cases missing from it were closed elsewhere. */
  applySnapshot(cases: readonly Case[]): void;
  /** A batch of deltas (one or many `cases.changed`). */
  applyCases(cases: readonly Case[]): void;
  clearCases(): void;
};

function noteArrivals(prev: Arrival, arrived: Case[]): Arrival {
  if (arrived.length === 0) return prev;
  const priority = Math.min(...arrived.map((c) => c.priority));
  return { seq: prev.seq + 1, priority, count: arrived.length };
}

export const createCasesSlice: StateCreator<ConsoleState, [], [], CasesSlice> = (set) => ({
  cases: {},
  arrival: { seq: 0, priority: 4, count: 0 },
  applySnapshot: (incoming) =>
    set((s) => {
      const next: Record<string, Case> = {};
      // Closed cases are terminal: keep them so an open case view still shows the outcome.
      for (const c of Object.values(s.cases)) if (c.status === 'closed') next[c.id] = c;
      const arrived: Case[] = [];
      for (const c of incoming) {
        const known = s.cases[c.id];
        const kept = applyCaseDelta(known, c) ?? known!;
        next[c.id] = kept;
        if (!known && kept.status === 'open') arrived.push(kept);
      }
      return { cases: next, arrival: noteArrivals(s.arrival, arrived) };
    }),
  applyCases: (incoming) =>
    set((s) => {
      let next: Record<string, Case> | null = null;
      const arrived: Case[] = [];
      for (const c of incoming) {
        const current = (next ?? s.cases)[c.id];
        const applied = applyCaseDelta(current, c);
        if (!applied) continue;
        next ??= { ...s.cases };
        next[c.id] = applied;
        if (!current && applied.status === 'open') arrived.push(applied);
      }
      return next ? { cases: next, arrival: noteArrivals(s.arrival, arrived) } : {};
    }),
  clearCases: () => set({ cases: {} }),
});

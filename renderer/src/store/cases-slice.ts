/**
 * The cases this console knows, keyed by id. Every update keeps the highest
 * version (the hub bumps it on each change), so a late or repeated delta can
 * never roll a case back. New open cases are counted as arrivals for the alert sound.
 *
 * Closed cases are terminal and leave the store, except the one open in the
 * case view (the operator reads the outcome there) until another is opened:
 * a console that runs all shift holds what is open, not every case it ever saw.
 * A bounded list of recently closed ids keeps a late delta from resurrecting one.
 */
import type { StateCreator } from 'zustand/vanilla';
import { applyCaseDelta, type Case } from '@shared/domain/case';
import { alarmCountOf, queueWith } from './queue-order';
import type { ConsoleState } from './types';

export type Arrival = { seq: number; priority: number; count: number };

/** A later alarm joined a case this operator owns: its own tone, and a mark on the case until it is opened. */
export type OwnerNews = { seq: number; priority: number; caseId: string | null };

/** How many closed case ids are remembered against late deltas (a few hours of a busy centre). */
export const CLOSED_MEMORY = 5000;

export type CasesSlice = {
  cases: Record<string, Case>;
  /** The open and claimed cases in queue order, kept sorted as deltas come (a flood re-sorts nothing). */
  queue: Case[];
  /** Bumped whenever open cases not seen before arrive, or an open case rises in priority; the sound follows it. */
  arrival: Arrival;
  ownerNews: OwnerNews;
  /** Alarms that joined each of my cases since I last opened it. */
  newAlarms: Record<string, number>;
  /** Full list of open cases from the host; open cases missing from it were closed elsewhere. */
  applySnapshot(cases: readonly Case[]): void;
  /** A batch of deltas (one or many `cases.changed`). */
  applyCases(cases: readonly Case[]): void;
  clearCases(): void;
  /** Number of closed case ids remembered (bounded by CLOSED_MEMORY); for tests and diagnostics. */
  closedRemembered(): number;
};

function noteArrivals(prev: Arrival, arrived: Case[]): Arrival {
  if (arrived.length === 0) return prev;
  const priority = Math.min(...arrived.map((c) => c.priority));
  return { seq: prev.seq + 1, priority, count: arrived.length };
}

/** The cases without the closed ones, except `keepId` (the case on screen). Same object when nothing goes. */
export function withoutClosed(cases: Record<string, Case>, keepId: string | null): Record<string, Case> {
  let next: Record<string, Case> | null = null;
  for (const id in cases) {
    if (id === keepId || cases[id]!.status !== 'closed') continue;
    next ??= { ...cases };
    delete next[id];
  }
  return next ?? cases;
}

/** Closed ids with their final version, oldest first (Map keeps insertion order). */
function closedMemory() {
  const versions = new Map<string, number>();
  return {
    note(c: Case) {
      versions.delete(c.id);
      versions.set(c.id, c.version);
      if (versions.size > CLOSED_MEMORY) versions.delete(versions.keys().next().value!);
    },
    /** A delta no newer than the closure we saw: stale, ignore it. */
    isStale: (c: Case) => (versions.get(c.id) ?? -1) >= c.version,
    clear: () => versions.clear(),
    size: () => versions.size,
  };
}

/** More alarms in a case I own than when I last saw it: how many joined (0 when none, or not mine). */
function joinedMine(current: Case | undefined, next: Case, meId: string | null): number {
  if (!current || !meId || next.status !== 'claimed' || next.owner?.operatorId !== meId) return 0;
  return Math.max(0, alarmCountOf(next) - alarmCountOf(current));
}

export const createCasesSlice: StateCreator<ConsoleState, [], [], CasesSlice> = (set) => {
  const closed = closedMemory();
  return {
    cases: {},
    queue: [],
    arrival: { seq: 0, priority: 4, count: 0 },
    ownerNews: { seq: 0, priority: 4, caseId: null },
    newAlarms: {},
    applySnapshot: (incoming) =>
      set((s) => {
        const next: Record<string, Case> = {};
        // The closed case on screen stays, so the case view still shows the outcome.
        const shown = s.openCaseId ? s.cases[s.openCaseId] : undefined;
        if (shown?.status === 'closed') next[shown.id] = shown;
        const arrived: Case[] = [];
        for (const c of incoming) {
          if (closed.isStale(c)) continue;
          const known = s.cases[c.id];
          const kept = applyCaseDelta(known, c) ?? known!;
          if (kept.status === 'closed') {
            closed.note(kept);
            if (kept.id !== s.openCaseId) continue;
          }
          next[c.id] = kept;
          if (!known && kept.status === 'open') arrived.push(kept);
        }
        return { cases: next, queue: queueWith([], next, Object.keys(next)), arrival: noteArrivals(s.arrival, arrived) };
      }),
    applyCases: (incoming) =>
      set((s) => {
        let next: Record<string, Case> | null = null;
        const arrived: Case[] = [];
        const changed: string[] = [];
        const meId = s.operator?.id ?? null;
        let news: OwnerNews = s.ownerNews;
        let newAlarms = s.newAlarms;
        for (const c of incoming) {
          if (closed.isStale(c)) continue;
          const current = (next ?? s.cases)[c.id];
          const applied = applyCaseDelta(current, c);
          if (!applied) continue;
          next ??= { ...s.cases };
          changed.push(c.id);
          if (applied.status === 'closed') {
            closed.note(applied);
            if (applied.id !== s.openCaseId) {
              delete next[applied.id];
              if (newAlarms[applied.id]) {
                newAlarms = { ...newAlarms };
                delete newAlarms[applied.id];
              }
              continue;
            }
          }
          next[c.id] = applied;
          // A new case, or an unclaimed one that became more urgent (a P1 joined a P4 group): ring for it.
          if (applied.status === 'open' && (!current || applied.priority < current.priority)) arrived.push(applied);
          // No longer mine (released, taken over, closed): its mark goes.
          if (newAlarms[applied.id] && (applied.status !== 'claimed' || applied.owner?.operatorId !== meId)) {
            newAlarms = { ...newAlarms };
            delete newAlarms[applied.id];
          }
          const joined = joinedMine(current, applied, meId);
          if (joined > 0) {
            news = { seq: news.seq + 1, priority: applied.priority, caseId: applied.id };
            // The case on screen shows its alarms already: the tone is enough.
            if (applied.id !== s.openCaseId) newAlarms = { ...newAlarms, [applied.id]: (newAlarms[applied.id] ?? 0) + joined };
          }
        }
        if (!next) return {};
        return { cases: next, queue: queueWith(s.queue, next, changed), arrival: noteArrivals(s.arrival, arrived), ownerNews: news, newAlarms };
      }),
    clearCases: () => {
      closed.clear();
      set({ cases: {}, queue: [], newAlarms: {} });
    },
    closedRemembered: () => closed.size(),
  };
};

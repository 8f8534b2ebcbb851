/** What the operator is looking at: the keyboard cursor in the queue, the open case, sound mute. */
import type { StateCreator } from 'zustand/vanilla';
import { withoutClosed } from './cases-slice';
import type { ConsoleState } from './types';

/** A mute always expires: sound is never silently off for good. */
export const MUTE_MS = 2 * 60_000;

export type CaseAction = 'claim' | 'release' | 'close';

/** Why the last action on a case failed, kept as data so the message follows the language. */
export type ActionError = { caseId: string; action: CaseAction; error: unknown };

export type UiSlice = {
  /** Case under the keyboard cursor in the queue. */
  cursorId: string | null;
  /** Case shown in the case view. */
  openCaseId: string | null;
  /** Epoch ms until which alert sounds are muted; null when not muted. */
  muteUntil: number | null;
  /** Action in flight (buttons show it and do not double-send). */
  pending: { caseId: string; action: CaseAction } | null;
  actionError: ActionError | null;
  setPending(p: UiSlice['pending']): void;
  setActionError(e: ActionError | null): void;
  setCursor(id: string | null): void;
  openCase(id: string | null): void;
  mute(now: number): void;
  /** A mute chosen before a reload, still running: kept (never longer than one mute). */
  restoreMute(until: number, now: number): void;
  unmute(): void;
};

export const createUiSlice: StateCreator<ConsoleState, [], [], UiSlice> = (set) => ({
  cursorId: null,
  openCaseId: null,
  muteUntil: null,
  pending: null,
  actionError: null,
  setPending: (pending) => set({ pending }),
  setActionError: (actionError) => set({ actionError }),
  setCursor: (cursorId) => set({ cursorId }),
  // The closed case that was on screen has been read: it leaves the store when another (or none) is shown.
  // Opening a case is seeing its new alarms: its mark goes.
  openCase: (id) =>
    set((s) => {
      const newAlarms = id && s.newAlarms[id] ? { ...s.newAlarms } : s.newAlarms;
      if (newAlarms !== s.newAlarms) delete newAlarms[id!];
      return { ...(id ? { openCaseId: id, cursorId: id } : { openCaseId: null }), cases: withoutClosed(s.cases, id), newAlarms };
    }),
  mute: (now) => set({ muteUntil: now + MUTE_MS }),
  restoreMute: (until, now) => set({ muteUntil: until > now && until <= now + MUTE_MS ? until : null }),
  unmute: () => set({ muteUntil: null }),
});

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
  openCase: (id) =>
    set((s) => ({ ...(id ? { openCaseId: id, cursorId: id } : { openCaseId: null }), cases: withoutClosed(s.cases, id) })),
  mute: (now) => set({ muteUntil: now + MUTE_MS }),
  unmute: () => set({ muteUntil: null }),
});

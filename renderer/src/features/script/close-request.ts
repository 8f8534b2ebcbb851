/**
 * « Close this case » asked from the stepper (C, or Enter on the close step): the case
 * actions open their closing dialog. Also keeps the script engine's refusal of a closure
 * (which steps are open), shown in the dialog rather than as a generic error.
 */
import { create } from 'zustand';

interface CloseRequest {
  caseId: string | null;
  refusal: { caseId: string; message: string } | null;
  ask(caseId: string): void;
  done(): void;
  refuse(caseId: string, message: string): void;
  clearRefusal(): void;
}

export const useCloseRequest = create<CloseRequest>((set) => ({
  caseId: null,
  refusal: null,
  ask: (caseId) => set({ caseId }),
  done: () => set({ caseId: null }),
  refuse: (caseId, message) => set({ refusal: { caseId, message } }),
  clearRefusal: () => set({ refusal: null }),
}));

/** « Close this case » asked from the stepper (C, or Enter on the close step): the case actions open their closing dialog. */
import { create } from 'zustand';

export const useCloseRequest = create<{ caseId: string | null; ask(caseId: string): void; done(): void }>((set) => ({
  caseId: null,
  ask: (caseId) => set({ caseId }),
  done: () => set({ caseId: null }),
}));

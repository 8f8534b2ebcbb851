/** One bound store made of slices (ELECTRON-PATTERNS §4.9); one instance per app or per test. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCasesSlice } from './cases-slice';
import { createCommandsSlice } from './commands-slice';
import { createSessionSlice } from './session-slice';
import type { ConsoleState } from './types';
import { createUiSlice } from './ui-slice';

export type ConsoleStore = StoreApi<ConsoleState>;

export function createConsoleStore(): ConsoleStore {
  return createStore<ConsoleState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createCasesSlice(...a),
    ...createUiSlice(...a),
    ...createCommandsSlice(...a),
  }));
}

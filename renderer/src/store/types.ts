import type { CasesSlice } from './cases-slice';
import type { CommandsSlice } from './commands-slice';
import type { SessionSlice } from './session-slice';
import type { UiSlice } from './ui-slice';

/** The whole console store: a projection of host events, never the source of truth. */
export type ConsoleState = SessionSlice & CasesSlice & UiSlice & CommandsSlice;

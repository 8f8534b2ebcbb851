/**
 * This console's commands as the host reports them (`commands.list`, then
 * `commands.changed`): those still waiting for the hub, and those it settled
 * recently. A refusal the operator has read (or was told of where they acted)
 * is dismissed here, so it stops asking for attention; the host keeps it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ConsoleCommand } from '@shared/contract';
import type { ConsoleState } from './types';

export type CommandsSlice = {
  commands: Record<string, ConsoleCommand>;
  /** Refusals already read, by commandId. */
  dismissed: Record<string, true>;
  setCommands(list: readonly ConsoleCommand[]): void;
  applyCommand(command: ConsoleCommand): void;
  dismissRefusal(commandId: string): void;
  dismissAllRefusals(): void;
};

const settledRank = (c: ConsoleCommand) => (c.state === 'pending' ? 0 : 1);

export const createCommandsSlice: StateCreator<ConsoleState, [], [], CommandsSlice> = (set) => ({
  commands: {},
  dismissed: {},
  setCommands: (list) => set({ commands: Object.fromEntries(list.map((c) => [c.commandId, c])) }),
  applyCommand: (command) =>
    set((s) => {
      const known = s.commands[command.commandId];
      // A settled command never goes back to pending (a late "queued" event after the outcome).
      if (known && settledRank(known) > settledRank(command)) return {};
      return { commands: { ...s.commands, [command.commandId]: command } };
    }),
  dismissRefusal: (commandId) => set((s) => (s.dismissed[commandId] ? {} : { dismissed: { ...s.dismissed, [commandId]: true } })),
  dismissAllRefusals: () =>
    set((s) => {
      const dismissed = { ...s.dismissed };
      for (const c of Object.values(s.commands)) if (c.state === 'refused') dismissed[c.commandId] = true;
      return { dismissed };
    }),
});

/** Waiting commands, oldest first (the order they go to the hub). */
export function selectWaitingCommands(s: Pick<ConsoleState, 'commands'>): ConsoleCommand[] {
  return Object.values(s.commands)
    .filter((c) => c.state === 'pending')
    .sort((a, b) => (a.commandId < b.commandId ? -1 : 1));
}

/** Refusals not read yet, newest first. */
export function selectUnreadRefusals(s: Pick<ConsoleState, 'commands' | 'dismissed'>): ConsoleCommand[] {
  return Object.values(s.commands)
    .filter((c) => c.state === 'refused' && !s.dismissed[c.commandId])
    .sort((a, b) => ((a.settledAt ?? '') < (b.settledAt ?? '') ? 1 : -1));
}

/** What the case view says about a case: its waiting command, else its last unread refusal. */
export function selectCaseCommand(s: Pick<ConsoleState, 'commands' | 'dismissed'>, caseId: string): ConsoleCommand | null {
  let waiting: ConsoleCommand | null = null;
  let refused: ConsoleCommand | null = null;
  for (const c of Object.values(s.commands)) {
    if (c.caseId !== caseId) continue;
    if (c.state === 'pending' && (!waiting || c.commandId < waiting.commandId)) waiting = c;
    if (c.state === 'refused' && !s.dismissed[c.commandId] && (!refused || c.commandId > refused.commandId)) refused = c;
  }
  return waiting ?? refused;
}

/**
 * The console's persistent command queue. Making a command is one transaction
 * (the operator's intent in the journal + the queue row); the hub's answer is
 * another (the outcome in the journal + the row settled, guarded by its
 * pending state). So a command survives a crash between the two, and its
 * outcome is journaled once even when the answer arrives twice.
 */
import { EventEmitter } from 'node:events';
import { ulid } from 'ulid';
import type { CommandType, ConsoleCommand } from '@shared/contract/commands';
import type { Case } from '@shared/domain/case';
import type { HubError } from '@shared/hub-protocol/console';
import type { Journal } from '../journal/journal';
import { silentLogger, type Logger } from '../log/logger';
import { commandStore, toConsoleCommand, type CommandArgs, type CommandRow, type CommandStore } from './command-store';

const INTENT: Record<CommandType, string> = {
  claim: 'case.claim-requested',
  release: 'case.release-requested',
  close: 'case.close-requested',
};
const APPLIED: Record<CommandType, string> = { claim: 'case.claimed', release: 'case.released', close: 'case.closed' };
const REFUSED: Record<CommandType, string> = { claim: 'case.claim-refused', release: 'case.release-refused', close: 'case.close-refused' };

/** Settled commands stay listed this long (the operator reads a refusal), and in the table a week. */
const RECENT_MS = 12 * 3600_000;
const RECENT_LIMIT = 100;
const KEEP_SETTLED_MS = 7 * 24 * 3600_000;

export interface SubmitInput {
  operator: { id: string; displayName: string };
  type: CommandType;
  caseId: string;
  args: CommandArgs;
}

export type QueueEvents = {
  /** Queued or settled: what the renderer shows. */
  changed: [ConsoleCommand];
  submitted: [CommandRow];
  settled: [CommandRow];
};

export interface CommandQueueOptions {
  journal: Journal;
  logger?: Logger;
  now?: () => Date;
}

/** The journal payload common to a command's intent and outcome. */
function basePayload(row: Pick<CommandRow, 'commandId' | 'operatorName' | 'type' | 'args'>): Record<string, unknown> {
  const p: Record<string, unknown> = { commandId: row.commandId, operatorName: row.operatorName };
  if (row.type === 'close') {
    p.closureCode = row.args.closureCode ?? null;
    p.note = row.args.note ?? null;
  }
  if (row.args.previousOwner) p.previousOwner = row.args.previousOwner;
  return p;
}

export class CommandQueue extends EventEmitter<QueueEvents> {
  private readonly store: CommandStore;
  private readonly log: Logger;
  private readonly now: () => Date;

  constructor(private readonly opts: CommandQueueOptions) {
    super();
    this.store = commandStore(opts.journal.db);
    this.log = (opts.logger ?? silentLogger()).child({ component: 'commands' });
    this.now = opts.now ?? (() => new Date());
    const pruned = this.store.pruneSettledBefore(new Date(this.now().getTime() - KEEP_SETTLED_MS).toISOString());
    const waiting = this.store.pending();
    if (waiting.length > 0 || pruned > 0) {
      this.log.info({ waiting: waiting.length, pruned }, 'command queue open: waiting commands go out at their operator’s next login');
    }
  }

  /** Journals the intent and queues the command, in one transaction. */
  submit(input: SubmitInput): CommandRow {
    const commandId = ulid();
    const createdAt = this.now().toISOString();
    const row = {
      commandId,
      operatorId: input.operator.id,
      operatorName: input.operator.displayName,
      type: input.type,
      caseId: input.caseId,
      args: input.args,
      createdAt,
    };
    this.opts.journal.append(
      { operatorId: row.operatorId, caseId: row.caseId, type: INTENT[row.type], payload: basePayload(row) },
      () => this.store.insert(row),
    );
    const stored = this.store.get(commandId)!;
    this.log.info({ commandId, type: row.type, caseId: row.caseId }, 'command queued');
    this.emit('submitted', stored);
    this.emit('changed', toConsoleCommand(stored));
    return stored;
  }

  get(commandId: string): CommandRow | undefined {
    return this.store.get(commandId);
  }

  /** The next command to send for this operator (oldest first), if any. */
  next(operatorId: string): CommandRow | undefined {
    return this.store.oldestPending(operatorId);
  }

  /** This operator's command on this case still waiting for the hub, if any. */
  pendingOnCase(caseId: string, operatorId: string): CommandRow | undefined {
    return this.store.pendingOnCase(caseId, operatorId);
  }

  pendingCount(): number {
    return this.store.pending().length;
  }

  /** Pending commands (oldest first), then those settled in the last hours (newest first). */
  list(): ConsoleCommand[] {
    const since = new Date(this.now().getTime() - RECENT_MS).toISOString();
    return [...this.store.pending(), ...this.store.settledSince(since, RECENT_LIMIT)].map(toConsoleCommand);
  }

  /** The hub applied it. Returns false when it was settled already (a repeated answer). */
  applied(commandId: string, c: Case | null): boolean {
    return this.settle(commandId, 'applied', { case: c }, (row) => ({
      ...basePayload(row),
      ...(c ? { version: c.version } : {}),
      ...(row.type === 'claim' && c ? { kind: c.kind } : {}),
    }));
  }

  /** The hub refused it. Returns false when it was settled already. */
  refused(commandId: string, error: HubError): boolean {
    return this.settle(commandId, 'refused', { error }, (row) => ({
      ...basePayload(row),
      code: error.code,
      message: error.message,
      ...(error.owner ? { owner: error.owner } : {}),
    }));
  }

  /** Resolves with the row once settled, or as it is after `ms` (still pending). */
  waitSettled(commandId: string, ms: number): Promise<CommandRow | undefined> {
    const row = this.store.get(commandId);
    if (!row || row.state !== 'pending' || ms <= 0) return Promise.resolve(row);
    return new Promise((resolve) => {
      const done = (r: CommandRow | undefined) => {
        clearTimeout(timer);
        this.off('settled', onSettled);
        resolve(r);
      };
      const onSettled = (r: CommandRow) => {
        if (r.commandId === commandId) done(r);
      };
      const timer = setTimeout(() => done(this.store.get(commandId)), ms);
      this.on('settled', onSettled);
    });
  }

  private settle(
    commandId: string,
    state: 'applied' | 'refused',
    outcome: { case: Case | null } | { error: HubError },
    payloadOf: (row: CommandRow) => Record<string, unknown>,
  ): boolean {
    const journal = this.opts.journal;
    const settled = journal.transaction(() => {
      const row = this.store.get(commandId);
      if (!row || !this.store.settle(commandId, state, outcome, this.now().toISOString())) return null;
      journal.append({
        operatorId: row.operatorId,
        caseId: row.caseId,
        type: state === 'applied' ? APPLIED[row.type] : REFUSED[row.type],
        payload: payloadOf(row),
      });
      return this.store.get(commandId)!;
    });
    if (!settled) {
      this.log.debug({ commandId }, 'command already settled: repeated answer ignored');
      return false;
    }
    this.log.info({ commandId, type: settled.type, caseId: settled.caseId, state }, `command ${state}`);
    this.emit('settled', settled);
    this.emit('changed', toConsoleCommand(settled));
    return true;
  }
}

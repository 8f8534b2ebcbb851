/**
 * The `commands` table (journal migration 0003), beside the journal's events
 * in the same SQLite file so that a row and its journal event commit together.
 * Plain reads and writes; the queue decides when they happen.
 */
import type Database from 'better-sqlite3';
import type { CommandState, CommandType, ConsoleCommand } from '@shared/contract/commands';
import type { Case, CaseOwner, ClosureCode } from '@shared/domain/case';
import type { HubError } from '@shared/hub-protocol/console';

/** What the hub command carries beyond type and case, plus whom a takeover takes from (for the journal). */
export interface CommandArgs {
  closureCode?: ClosureCode;
  note?: string;
  previousOwner?: CaseOwner;
}

export type CommandOutcome = { case: Case | null } | { error: HubError };

export interface CommandRow {
  seq: number;
  commandId: string;
  operatorId: string;
  operatorName: string;
  type: CommandType;
  caseId: string;
  args: CommandArgs;
  state: CommandState;
  outcome: CommandOutcome | null;
  createdAt: string;
  settledAt: string | null;
}

type Raw = {
  seq: number;
  command_id: string;
  operator_id: string;
  operator_name: string;
  type: CommandType;
  case_id: string;
  args: string;
  state: CommandState;
  outcome: string | null;
  created_at: string;
  settled_at: string | null;
};

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback; // a hand-edited row must not take the queue down; the journal keeps the truth
  }
}

const fromRaw = (r: Raw): CommandRow => ({
  seq: r.seq,
  commandId: r.command_id,
  operatorId: r.operator_id,
  operatorName: r.operator_name,
  type: r.type,
  caseId: r.case_id,
  args: parseJson<CommandArgs>(r.args, {}),
  state: r.state,
  outcome: parseJson<CommandOutcome | null>(r.outcome, null),
  createdAt: r.created_at,
  settledAt: r.settled_at,
});

/** The row as the contract shows it to the renderer. */
export function toConsoleCommand(r: CommandRow): ConsoleCommand {
  const error = r.outcome && 'error' in r.outcome ? r.outcome.error : null;
  return {
    commandId: r.commandId,
    operatorId: r.operatorId,
    operatorName: r.operatorName,
    type: r.type,
    caseId: r.caseId,
    closureCode: r.args.closureCode ?? null,
    note: r.args.note ?? null,
    state: r.state,
    refusal: r.state === 'refused' && error ? { code: error.code, message: error.message, ...(error.owner ? { owner: error.owner } : {}) } : null,
    createdAt: r.createdAt,
    settledAt: r.settledAt,
  };
}

export type NewCommand = Omit<CommandRow, 'seq' | 'state' | 'outcome' | 'settledAt'>;

export function commandStore(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO commands (command_id, operator_id, operator_name, type, case_id, args, created_at)
     VALUES (@commandId, @operatorId, @operatorName, @type, @caseId, @args, @createdAt)`,
  );
  const byId = db.prepare<[string], Raw>('SELECT * FROM commands WHERE command_id = ?');
  const oldestPending = db.prepare<[string], Raw>(`SELECT * FROM commands WHERE state = 'pending' AND operator_id = ? ORDER BY seq LIMIT 1`);
  const pendingOnCase = db.prepare<[string, string], Raw>(
    `SELECT * FROM commands WHERE state = 'pending' AND case_id = ? AND operator_id = ? ORDER BY seq LIMIT 1`,
  );
  const allPending = db.prepare<[], Raw>(`SELECT * FROM commands WHERE state = 'pending' ORDER BY seq`);
  const settledSince = db.prepare<[string, number], Raw>(
    `SELECT * FROM commands WHERE state <> 'pending' AND settled_at >= ? ORDER BY settled_at DESC LIMIT ?`,
  );
  // Guarded by state: an answer that arrives twice settles the command once.
  const settle = db.prepare(`UPDATE commands SET state = ?, outcome = ?, settled_at = ? WHERE command_id = ? AND state = 'pending'`);
  const prune = db.prepare(`DELETE FROM commands WHERE state <> 'pending' AND settled_at < ?`);

  return {
    insert: (c: NewCommand) => void insert.run({ ...c, args: JSON.stringify(c.args) }),
    get: (commandId: string) => {
      const r = byId.get(commandId);
      return r ? fromRaw(r) : undefined;
    },
    oldestPending: (operatorId: string) => {
      const r = oldestPending.get(operatorId);
      return r ? fromRaw(r) : undefined;
    },
    pendingOnCase: (caseId: string, operatorId: string) => {
      const r = pendingOnCase.get(caseId, operatorId);
      return r ? fromRaw(r) : undefined;
    },
    pending: () => allPending.all().map(fromRaw),
    settledSince: (iso: string, limit: number) => settledSince.all(iso, limit).map(fromRaw),
    /** True when this call settled it (it was still pending). */
    settle: (commandId: string, state: 'applied' | 'refused', outcome: CommandOutcome, at: string) =>
      settle.run(state, JSON.stringify(outcome), at, commandId).changes === 1,
    pruneSettledBefore: (iso: string) => prune.run(iso).changes,
  };
}
export type CommandStore = ReturnType<typeof commandStore>;

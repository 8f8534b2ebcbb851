/**
 * Runs one HubCommand idempotently: the change and the stored ack commit in
 * one transaction, and a repeated commandId returns the stored first ack
 * without touching the case again.
 */
import type { HubAck, HubCommand } from '@shared/hub-protocol/console';
import { isUniqueViolation, type HubDb } from '../db/database';
import type { Actor } from '../auth/tokens';
import { claimCase, closeCase, fail, releaseCase, type CommandOutcome } from '../cases/case-commands';
import { withCaseEvent } from '../history/case-events';

async function apply(db: HubDb, actor: Actor, cmd: HubCommand, now: string): Promise<CommandOutcome> {
  switch (cmd.type) {
    case 'claim':
      return claimCase(db, actor, cmd.caseId, now);
    case 'release':
      return releaseCase(db, actor, cmd.caseId);
    case 'close':
      return closeCase(db, actor, cmd, now);
  }
}

export interface CommandResult extends CommandOutcome {
  /** True when this was a repeated commandId answered from storage. */
  replayed: boolean;
}

async function storedAck(db: HubDb, actor: Actor, commandId: string): Promise<CommandResult | null> {
  const prior = await db.selectFrom('commands').selectAll().where('command_id', '=', commandId).executeTakeFirst();
  if (!prior) return null;
  if (prior.operator_id !== actor.operatorId) {
    return { ...fail('invalid-command', `commandId ${commandId} déjà utilisé par une autre session`), replayed: true };
  }
  return { ack: JSON.parse(prior.response) as HubAck, changed: null, replayed: true };
}

export async function runCommand(db: HubDb, actor: Actor, cmd: HubCommand): Promise<CommandResult> {
  const now = new Date().toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const prior = await storedAck(trx, actor, cmd.commandId);
      if (prior) return prior;
      // The case history's event commits with the change it records.
      const out = await withCaseEvent(trx, actor, cmd, now, () => apply(trx, actor, cmd, now));
      await trx
        .insertInto('commands')
        .values({ command_id: cmd.commandId, operator_id: actor.operatorId, type: cmd.type, response: JSON.stringify(out.ack), created_at: now })
        .execute();
      return { ...out, replayed: false };
    });
  } catch (err) {
    // Same id committed concurrently by another node (PostgreSQL): answer as that one did.
    if (isUniqueViolation(err)) {
      const prior = await storedAck(db, actor, cmd.commandId);
      if (prior) return prior;
    }
    throw err;
  }
}

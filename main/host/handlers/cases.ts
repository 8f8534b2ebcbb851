/**
 * cases.*: the operator's actions on the queue, and commands.list. Each action
 * is a command in the console's persistent queue (main/commands): its intent
 * is journaled when it is made, the hub's outcome when it comes, once each.
 *
 * A claim needs the hub now (only the hub can say who wins a case): offline it
 * is refused at once and nothing is queued. A release or a closure of a case
 * the operator holds (as last heard from the hub; supervisors and admins may
 * act on any) is queued even while the hub is away and goes when it is back.
 * A request waits a few seconds at most for the hub's answer, then says the
 * command is queued: the operator is never held up by the network.
 */
import { ApiError } from '@shared/contract/errors';
import type { CommandResult } from '@shared/contract/commands';
import { sortQueue, type Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { can, caseAction } from '@shared/domain/permissions';
import type { CommandArgs, CommandRow, SubmitInput } from '../../commands';
import { apiErrorFromHub } from '../../hub-link/ack';
import type { Handlers, Services } from '../types';

/** How long a request waits for the hub's answer before answering "queued". */
export const COMMAND_WAIT_MS = 3000;

function requireOperator(s: Services): Operator {
  const op = s.link.operator;
  if (!op) throw new ApiError('not-logged-in', 'Connectez-vous pour traiter les alarmes.');
  return op;
}

/**
 * A supervisor acting on a case someone else holds (a takeover): the journal
 * names whom it was taken from, read before the command changes the case.
 */
function takenFrom(s: Services, op: Operator, caseId: string): Pick<CommandArgs, 'previousOwner'> {
  const owner = s.link.getCase(caseId)?.owner;
  return owner && owner.operatorId !== op.id ? { previousOwner: { operatorId: owner.operatorId, displayName: owner.displayName } } : {};
}

/**
 * Refuses, before anything is journaled, what the last known state of the case says the
 * hub would refuse (the role table is the hub's: shared/domain/permissions); a release
 * or closure may then wait in the queue for the hub.
 */
function refuseKnownBad(s: Services, op: Operator, caseId: string, action: 'release' | 'close'): void {
  const known = s.link.getCase(caseId);
  if (!known) {
    if (s.link.wasClosed(caseId)) throw new ApiError('already-closed', 'Dossier déjà clos.');
    throw new ApiError('not-found', `Dossier ${caseId} introuvable dans la file : il est peut-être déjà clos.`);
  }
  if (!can(op.role, caseAction(action, true))) {
    throw new ApiError('forbidden', 'Votre rôle ne permet pas de traiter les alarmes réelles.');
  }
  if (can(op.role, caseAction(action, false))) return;
  if (known.owner && known.owner.operatorId !== op.id) {
    throw new ApiError('not-owner', `Ce dossier est pris en charge par ${known.owner.displayName}.`, { owner: known.owner });
  }
  if (!known.owner) {
    throw new ApiError('not-owner', action === 'close' ? 'Prenez d’abord le dossier en charge pour le clore.' : 'Ce dossier n’est pris en charge par personne.');
  }
}

/**
 * One command per case and operator at a time: a second one would only be refused by the
 * hub after the first. A colleague's command waiting for their next login blocks nobody.
 */
function refuseIfWaiting(s: Services, op: Operator, caseId: string): void {
  const waiting = s.commands.pendingOnCase(caseId, op.id);
  if (waiting) {
    throw new ApiError('invalid-argument', 'Une action sur ce dossier attend déjà la réponse du hub.', { commandId: waiting.commandId });
  }
}

/** The request's answer from the command's state: applied, queued, or the hub's refusal as an ApiError. */
function answerOf(row: CommandRow | undefined, s: Services): CommandResult {
  if (!row) throw new ApiError('internal', 'Commande introuvable dans la file de la console.');
  const outcome = row.outcome;
  if (row.state === 'refused' && outcome && 'error' in outcome) {
    const err = apiErrorFromHub(outcome.error);
    throw new ApiError(err.code, err.message, { ...err.details, journaled: true, commandId: row.commandId });
  }
  if (row.state === 'applied') {
    const c: Case | undefined = (outcome && 'case' in outcome ? outcome.case : null) ?? s.link.getCase(row.caseId);
    if (!c) throw new ApiError('internal', `Le hub a accepté l'action sur ${row.caseId} sans renvoyer le dossier.`);
    return { state: 'applied', case: c };
  }
  return { state: 'queued', commandId: row.commandId };
}

async function submitAndWait(s: Services, input: SubmitInput): Promise<CommandResult> {
  const row = s.commands.submit(input);
  // With the hub away there is nothing to wait for: say at once that it is queued.
  const waitMs = s.link.isConnected() ? (s.commandWaitMs ?? COMMAND_WAIT_MS) : 0;
  return answerOf(await s.commands.waitSettled(row.commandId, waitMs), s);
}

export function caseHandlers(s: Services): Pick<Handlers, 'cases.list' | 'cases.claim' | 'cases.release' | 'cases.close' | 'commands.list'> {
  return {
    'cases.list': () => sortQueue(s.link.cases()),

    'commands.list': () => s.commands.list(),

    'cases.claim': async ({ caseId }) => {
      const op = requireOperator(s);
      if (!can(op.role, 'case.claim')) throw new ApiError('forbidden', 'Votre rôle ne permet pas de traiter les alarmes réelles.');
      if (!s.link.isConnected()) {
        throw new ApiError('hub-unreachable', 'Hub injoignable : seul le hub peut attribuer un dossier, la prise en charge n’est pas possible hors ligne.', {
          lastError: s.link.status().lastError,
        });
      }
      refuseIfWaiting(s, op, caseId);
      return submitAndWait(s, { operator: op, type: 'claim', caseId, args: {} });
    },

    'cases.release': async ({ caseId }) => {
      const op = requireOperator(s);
      refuseKnownBad(s, op, caseId, 'release');
      refuseIfWaiting(s, op, caseId);
      return submitAndWait(s, { operator: op, type: 'release', caseId, args: takenFrom(s, op, caseId) });
    },

    'cases.close': async ({ caseId, closureCode, note }) => {
      const op = requireOperator(s);
      refuseKnownBad(s, op, caseId, 'close');
      refuseIfWaiting(s, op, caseId);
      const args: CommandArgs = { closureCode, ...(note !== undefined ? { note } : {}), ...takenFrom(s, op, caseId) };
      return submitAndWait(s, { operator: op, type: 'close', caseId, args });
    },
  };
}

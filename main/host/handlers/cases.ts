/**
 * cases.*: the operator's actions on the queue. Each action goes to the hub
 * (which decides who owns what) and is journaled. A closure is journaled
 * before it is sent: the operator's decision is recorded even when the hub
 * cannot be reached, and the error then says so.
 */
import { ApiError } from '@shared/contract/errors';
import { sortQueue, type Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import type { HubAckOk } from '../../hub-link/hub-link';
import type { Handlers, Services } from '../types';

function caseFrom(s: Services, ack: HubAckOk, caseId: string): Case {
  const c = ack.case ?? s.link.getCase(caseId);
  if (!c) throw new ApiError('internal', `Le hub a accepté l'action sur ${caseId} sans renvoyer le dossier.`);
  return c;
}

function requireOperator(s: Services): Operator {
  const op = s.link.operator;
  if (!op) throw new ApiError('not-logged-in', 'Connectez-vous pour traiter les alarmes.');
  return op;
}

const PRIVILEGED = new Set(['supervisor', 'admin']);

/**
 * A supervisor acting on a case someone else holds (a takeover): the journal
 * names whom it was taken from, read before the command changes the case.
 */
function takenFrom(s: Services, op: Operator, caseId: string): { previousOwner?: { operatorId: string; displayName: string } } {
  const owner = s.link.getCase(caseId)?.owner;
  return owner && owner.operatorId !== op.id ? { previousOwner: { operatorId: owner.operatorId, displayName: owner.displayName } } : {};
}

function refuseKnownBadClosure(s: Services, op: Operator, caseId: string): void {
  const known = s.link.getCase(caseId);
  if (!known) {
    if (s.link.wasClosed(caseId)) throw new ApiError('already-closed', 'Dossier déjà clos.');
    throw new ApiError('not-found', `Dossier ${caseId} introuvable dans la file : il est peut-être déjà clos.`);
  }
  if (PRIVILEGED.has(op.role)) return;
  if (known.owner && known.owner.operatorId !== op.id) {
    throw new ApiError('not-owner', `Ce dossier est pris en charge par ${known.owner.displayName}.`, { owner: known.owner });
  }
  if (!known.owner) throw new ApiError('not-owner', 'Prenez d’abord le dossier en charge pour le clore.');
}

export function caseHandlers(s: Services): Pick<Handlers, 'cases.list' | 'cases.claim' | 'cases.release' | 'cases.close'> {
  return {
    'cases.list': () => sortQueue(s.link.cases()),

    'cases.claim': async ({ caseId }) => {
      const op = requireOperator(s);
      let ack: HubAckOk;
      try {
        ack = await s.link.command({ type: 'claim', caseId });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'already-claimed') {
          s.journal.append({ operatorId: op.id, caseId, type: 'case.claim-refused', payload: { operatorName: op.displayName, owner: err.details?.owner ?? null } });
        }
        throw err;
      }
      const c = caseFrom(s, ack, caseId);
      s.journal.append({ operatorId: op.id, caseId, type: 'case.claimed', payload: { operatorName: op.displayName, version: c.version, kind: c.kind } });
      return c;
    },

    'cases.release': async ({ caseId }) => {
      const op = requireOperator(s);
      const before = takenFrom(s, op, caseId);
      const ack = await s.link.command({ type: 'release', caseId });
      const c = caseFrom(s, ack, caseId);
      s.journal.append({ operatorId: op.id, caseId, type: 'case.released', payload: { operatorName: op.displayName, version: c.version, ...before } });
      return c;
    },

    'cases.close': async ({ caseId, closureCode, note }) => {
      const op = requireOperator(s);
      // Refuse what we already know the hub would refuse, so the journal holds no closure that never was.
      refuseKnownBadClosure(s, op, caseId);
      const event = s.journal.append({
        operatorId: op.id,
        caseId,
        type: 'case.closed',
        payload: { operatorName: op.displayName, closureCode, note: note ?? null, ...takenFrom(s, op, caseId) },
      });
      try {
        const ack = await s.link.command({ type: 'close', caseId, closureCode, ...(note !== undefined ? { note } : {}) });
        return caseFrom(s, ack, caseId);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'hub-unreachable') {
          throw new ApiError(
            'hub-unreachable',
            'Hub injoignable : votre clôture est enregistrée dans le journal local, mais le dossier reste ouvert sur le hub. ' +
              'Réessayez de clôturer dès que la liaison revient.',
            { journaled: true, journalEventId: event.id },
          );
        }
        if (err instanceof ApiError) {
          s.logger.warn({ caseId, code: err.code, journalEventId: event.id }, 'closure journaled but refused by the hub');
          throw new ApiError(err.code, err.message, { ...err.details, journaled: true, journalEventId: event.id });
        }
        throw err;
      }
    },
  };
}

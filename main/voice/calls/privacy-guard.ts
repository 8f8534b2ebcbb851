/**
 * The privacy promise (DESIGN.md §1): no audio with a beacon without an open case the
 * operator owns, or a technical test call with a journaled reason. Every check answers
 * with the French sentence the operator reads; the call manager journals each refusal.
 * Pure: the case and the operator are passed in, so the rule is tested on its own.
 */
import type { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { can } from '@shared/domain/permissions';
import { isEmergencyNumber } from '@shared/scripts/contacts';

export type GuardVerdict = { ok: true } | { ok: false; code: 'not-logged-in' | 'not-owner' | 'already-closed' | 'not-found' | 'forbidden'; message: string };

const refuse = (code: Extract<GuardVerdict, { ok: false }>['code'], message: string): GuardVerdict => ({ ok: false, code, message });

/** Audio with the beacon of `caseId`: only inside an open case this operator owns. */
export function mayHearBeaconOfCase(op: Operator | null, caseId: string | null, known: Case | undefined, wasClosed: boolean): GuardVerdict {
  if (!op) return refuse('not-logged-in', 'Appel refusé : aucun opérateur connecté sur cette console. L’audio d’une balise n’est ouvert qu’à l’opérateur qui traite son dossier.');
  if (!caseId) return refuse('forbidden', 'Appel refusé : aucun dossier ouvert. L’audio d’une balise n’est ouvert que dans un dossier pris en charge, ou pour un appel de test justifié.');
  if (!can(op.role, 'case.claim')) return refuse('forbidden', 'Appel refusé : votre rôle ne traite pas les alarmes réelles, il n’ouvre pas l’audio d’une balise.');
  if (!known) {
    return wasClosed
      ? refuse('already-closed', `Appel refusé : le dossier ${caseId} est clos. L’audio d’une balise n’est ouvert que dans un dossier en cours.`)
      : refuse('not-found', `Appel refusé : le dossier ${caseId} est introuvable sur cette console.`);
  }
  if (known.status === 'closed') return refuse('already-closed', `Appel refusé : le dossier ${caseId} est clos. L’audio d’une balise n’est ouvert que dans un dossier en cours.`);
  if (!known.owner) return refuse('not-owner', 'Appel refusé : prenez d’abord le dossier en charge. L’audio d’une balise n’est ouvert qu’à l’opérateur qui traite son dossier.');
  if (known.owner.operatorId !== op.id) {
    return refuse('not-owner', `Appel refusé : ce dossier est pris en charge par ${known.owner.displayName}. Seul l’opérateur qui le traite peut écouter la balise.`);
  }
  return { ok: true };
}

/** Shortest reason a technical test call may give (the contract asks the same). */
export const MIN_TEST_REASON = 10;

/** A technical test call to a beacon outside any case: a reason is mandatory, and journaled. */
export function mayTestCall(op: Operator | null, reason: string): GuardVerdict {
  if (!op) return refuse('not-logged-in', 'Appel de test refusé : aucun opérateur connecté sur cette console.');
  if (!can(op.role, 'case.claim')) return refuse('forbidden', 'Appel de test refusé : votre rôle ne permet pas d’appeler une balise.');
  if (reason.trim().length < MIN_TEST_REASON) {
    return refuse('forbidden', `Appel de test refusé : indiquez le motif (${MIN_TEST_REASON} caractères au moins), il est inscrit au journal.`);
  }
  return { ok: true };
}

/**
 * A call-out for a case (17, 18, 15, a contact): the case must be open and this operator's too.
 * A drill never reaches an emergency service, whichever way the call is asked (the procedure
 * refuses it too; this holds for any other caller of voice.callOut).
 */
export function mayCallOutForCase(op: Operator | null, caseId: string, known: Case | undefined, wasClosed: boolean, number = ''): GuardVerdict {
  if (!op) return refuse('not-logged-in', 'Appel sortant refusé : aucun opérateur connecté sur cette console.');
  if (!can(op.role, 'case.claim')) return refuse('forbidden', 'Appel sortant refusé : votre rôle ne traite pas les alarmes réelles.');
  if (!known || known.status === 'closed') {
    return wasClosed || known ? refuse('already-closed', `Appel sortant refusé : le dossier ${caseId} est clos.`) : refuse('not-found', `Appel sortant refusé : le dossier ${caseId} est introuvable sur cette console.`);
  }
  if (known.owner?.operatorId !== op.id) {
    return refuse('not-owner', known.owner ? `Appel sortant refusé : ce dossier est pris en charge par ${known.owner.displayName}.` : 'Appel sortant refusé : prenez d’abord le dossier en charge.');
  }
  if (known.drill && isEmergencyNumber(number)) {
    return refuse('forbidden', `Appel sortant refusé : ce dossier est un exercice, le ${number} n’est jamais appelé pour un exercice.`);
  }
  return { ok: true };
}

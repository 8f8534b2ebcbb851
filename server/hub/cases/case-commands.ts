/**
 * claim / release / close. Each change is ONE conditional UPDATE, so two
 * consoles racing for a case get exactly one winner on SQLite and PostgreSQL;
 * when the UPDATE touches no row we read the case to say why. What a role may
 * do comes from the one table in shared/domain/permissions.ts; a role without
 * the right is refused `forbidden` before the case is touched.
 */
import type { Case, ClosureCode } from '@shared/domain/case';
import type { Role } from '@shared/domain/operator';
import { can, PERMISSIONS, type Action } from '@shared/domain/permissions';
import type { HubAck, HubError } from '@shared/hub-protocol/console';
import type { HubDb } from '../db/database';
import type { Actor } from '../auth/tokens';
import { clip } from '../issues';
import { getCase } from './case-row';

export interface CommandOutcome {
  ack: HubAck;
  /** The case after a change, to broadcast; null when nothing changed. */
  changed: Case | null;
}

export const fail = (code: HubError['code'], message: string, owner?: HubError['owner']): CommandOutcome => ({
  ack: { ok: false, error: owner ? { code, message, owner } : { code, message } },
  changed: null,
});
const unchanged = (c: Case): CommandOutcome => ({ ack: { ok: true, case: c }, changed: null });
const changed = (c: Case): CommandOutcome => ({ ack: { ok: true, case: c }, changed: c });
const notFound = (id: string): CommandOutcome => fail('not-found', `Dossier ${clip(id, 64)} introuvable`);

const ROLE_LABEL: Record<Role, string> = { operator: 'opérateur', supervisor: 'superviseur', trainer: 'formateur', admin: 'administrateur' };
const WHAT: Record<'claim' | 'release' | 'close', string> = {
  claim: 'Prendre en charge un dossier',
  release: 'Relâcher un dossier',
  close: 'Clore un dossier',
};

/** « Clore un dossier est réservé aux rôles opérateur, superviseur, administrateur (vous êtes formateur) ». */
function forbidden(actor: Actor, kind: keyof typeof WHAT, action: Action): CommandOutcome {
  const allowed = (Object.keys(PERMISSIONS) as Role[]).filter((r) => can(r, action)).map((r) => ROLE_LABEL[r]);
  return fail('forbidden', `${WHAT[kind]} est réservé aux rôles ${allowed.join(', ')} (vous êtes ${ROLE_LABEL[actor.role]})`);
}

export async function claimCase(db: HubDb, actor: Actor, caseId: string, now: string): Promise<CommandOutcome> {
  if (!can(actor.role, 'case.claim')) return forbidden(actor, 'claim', 'case.claim');
  const r = await db
    .updateTable('cases')
    .set((eb) => ({
      owner_id: actor.operatorId,
      owner_name: actor.displayName,
      status: 'claimed',
      claimed_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', caseId)
    .where('owner_id', 'is', null)
    .where('status', '=', 'open')
    .executeTakeFirst();
  const c = await getCase(db, caseId);
  if (!c) return notFound(caseId);
  if (r.numUpdatedRows > 0n) return changed(c);
  if (c.status === 'closed') return fail('already-closed', 'Dossier déjà clos');
  if (c.owner?.operatorId === actor.operatorId) return unchanged(c);
  const owner = c.owner ?? { operatorId: 'unknown', displayName: 'inconnu' };
  return fail('already-claimed', `Déjà pris en charge par ${owner.displayName}`, owner);
}

export async function releaseCase(db: HubDb, actor: Actor, caseId: string): Promise<CommandOutcome> {
  if (!can(actor.role, 'case.release.own')) return forbidden(actor, 'release', 'case.release.own');
  let q = db
    .updateTable('cases')
    .set((eb) => ({ owner_id: null, owner_name: null, status: 'open', claimed_at: null, version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .where('status', '=', 'claimed');
  if (!can(actor.role, 'case.release.any')) q = q.where('owner_id', '=', actor.operatorId);
  const updated = (await q.executeTakeFirst()).numUpdatedRows;
  const c = await getCase(db, caseId);
  if (!c) return notFound(caseId);
  if (updated > 0n) return changed(c);
  if (c.status === 'closed') return fail('already-closed', 'Dossier déjà clos');
  // Already released: the state the caller asked for holds, nothing to change.
  if (c.status === 'open') return unchanged(c);
  return fail('not-owner', `Pris en charge par ${c.owner?.displayName ?? 'un autre opérateur'} : seul lui ou un superviseur peut le relâcher`);
}

export async function closeCase(
  db: HubDb,
  actor: Actor,
  cmd: { caseId: string; closureCode: ClosureCode; note?: string },
  now: string,
): Promise<CommandOutcome> {
  if (!can(actor.role, 'case.close.own')) return forbidden(actor, 'close', 'case.close.own');
  let q = db
    .updateTable('cases')
    .set((eb) => ({
      status: 'closed',
      closed_at: now,
      closed_by: actor.operatorId,
      closure_code: cmd.closureCode,
      closure_note: cmd.note ?? null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', cmd.caseId);
  q = can(actor.role, 'case.close.any')
    ? q.where('status', 'in', ['open', 'claimed'])
    : q.where('status', '=', 'claimed').where('owner_id', '=', actor.operatorId);
  const updated = (await q.executeTakeFirst()).numUpdatedRows;
  const c = await getCase(db, cmd.caseId);
  if (!c) return notFound(cmd.caseId);
  if (updated > 0n) return changed(c);
  if (c.status === 'closed') return fail('already-closed', 'Dossier déjà clos');
  if (c.status === 'open') return fail('not-owner', 'Prenez d’abord le dossier en charge pour le clore');
  return fail('not-owner', `Pris en charge par ${c.owner?.displayName ?? 'un autre opérateur'} : seul lui ou un superviseur peut le clore`);
}

/**
 * What each role may do: the one table the hub enforces and the UI follows.
 * The hub is the authority (a console can be modified); the UI uses the same
 * table so that it never offers what the hub would refuse.
 *
 * "own" and "any" say whose case: an operator releases or closes the cases it
 * holds, a supervisor those of anyone (takeover). A trainer reads and exports
 * the journal (exercises, replay) and handles no live case.
 */
import type { Role } from './operator';

export const ACTIONS = [
  /** Take an open case. */
  'case.claim',
  /** Release a case one holds. */
  'case.release.own',
  /** Release a case someone else holds (takeover). */
  'case.release.any',
  /** Close a case one holds. */
  'case.close.own',
  /** Close any open or claimed case. */
  'case.close.any',
  /** Read a case's history and the journal. */
  'journal.read',
  /** Export the journal (a case or a period, JSON or CSV). */
  'journal.export',
  /** Create, change and remove accounts. */
  'users.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const HANDLE_OWN: readonly Action[] = ['case.claim', 'case.release.own', 'case.close.own'];
const TAKE_OVER: readonly Action[] = ['case.release.any', 'case.close.any'];

export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  operator: [...HANDLE_OWN, 'journal.read'],
  supervisor: [...HANDLE_OWN, ...TAKE_OVER, 'journal.read', 'journal.export'],
  trainer: ['journal.read', 'journal.export'],
  admin: [...HANDLE_OWN, ...TAKE_OVER, 'journal.read', 'journal.export', 'users.manage'],
};

/** May this role do this? No role (nobody logged in) may do anything. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return role ? PERMISSIONS[role].includes(action) : false;
}

/** The action a release or close is, from whether the case is the actor's own. */
export function caseAction(kind: 'release' | 'close', own: boolean): Action {
  return `case.${kind}.${own ? 'own' : 'any'}`;
}

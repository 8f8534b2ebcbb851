import { describe, expect, it } from 'vitest';
import { Role } from './operator';
import { ACTIONS, can, caseAction, PERMISSIONS } from './permissions';

const allowed = (role: Role) => ACTIONS.filter((a) => can(role, a));

describe('permissions', () => {
  it('lets an operator handle its own cases and read the journal, nothing more', () => {
    expect(allowed('operator')).toEqual(['case.claim', 'case.release.own', 'case.close.own', 'journal.read']);
  });

  it('lets a supervisor take over and close anyone’s case, and export, but not manage accounts', () => {
    expect(allowed('supervisor')).toEqual([
      'case.claim',
      'case.release.own',
      'case.release.any',
      'case.close.own',
      'case.close.any',
      'journal.read',
      'journal.export',
    ]);
  });

  it('keeps a trainer off live cases: no claim, release or close of any kind', () => {
    for (const a of ACTIONS.filter((x) => x.startsWith('case.'))) expect(can('trainer', a), a).toBe(false);
    expect(allowed('trainer')).toEqual(['journal.read', 'journal.export']);
  });

  it('lets an admin do everything', () => {
    expect(allowed('admin')).toEqual([...ACTIONS]);
  });

  it('has a row for every role, and no role means no right', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...Role.options].sort());
    for (const a of ACTIONS) {
      expect(can(null, a)).toBe(false);
      expect(can(undefined, a)).toBe(false);
    }
  });

  it('names the release or close of one’s own case and of someone else’s', () => {
    expect(caseAction('release', true)).toBe('case.release.own');
    expect(caseAction('close', false)).toBe('case.close.any');
    expect(can('operator', caseAction('close', false))).toBe(false);
  });
});

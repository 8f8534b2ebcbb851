/**
 * A confirmation names the case's owner as it was when the dialog opened. If
 * the case changes hands before the operator confirms (released, or taken by a
 * third operator), the confirm is not sent: the dialog names the new owner and
 * asks again, so nobody releases or closes a case on the strength of a name
 * that is no longer true.
 */
import { useState } from 'react';
import type { Case } from '@shared/domain/case';

type Owner = Case['owner'];

export function useOwnerGuard(c: Case) {
  const [named, setNamed] = useState<Owner>(null);
  const [changed, setChanged] = useState(false);
  return {
    /** The owner the open dialog speaks of. */
    named,
    /** True after a confirm was held back because the owner changed. */
    changed,
    begin() {
      setNamed(c.owner);
      setChanged(false);
    },
    /** Whether the case still has the owner the dialog named; if not, re-names and asks again. */
    confirmable(): boolean {
      if ((c.owner?.operatorId ?? null) === (named?.operatorId ?? null)) {
        setChanged(false);
        return true;
      }
      setNamed(c.owner);
      setChanged(true);
      return false;
    },
  };
}

/** The case's script (scripts.get), kept live from `scripts.changed`; acts go through scripts.act. */
import { useCallback, useEffect, useState } from 'react';
import type { ScriptAct, ScriptView } from '@shared/contract/scripts';
import type { Case } from '@shared/domain/case';
import { useApi } from '../../api/context';

export interface ScriptHandle {
  view: ScriptView | null;
  error: unknown;
  busy: boolean;
  act(act: ScriptAct): Promise<boolean>;
}

export function useScript(c: Pick<Case, 'id' | 'status' | 'version'> & { ownerId: string | null }): ScriptHandle {
  const api = useApi();
  const [view, setView] = useState<ScriptView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { id, ownerId, status } = c;

  useEffect(() => {
    let live = true;
    const off = api.on('scripts.changed', (v) => {
      if (live && v.caseId === id) setView(v);
    });
    // Asked again when the owner changes: the owner's console starts the script at the claim.
    api.invoke('scripts.get', { caseId: id }).then(
      (v) => live && setView((old) => (old && old.state && v.state && old.state.applied > v.state.applied ? old : v)),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
      off();
    };
  }, [api, id, ownerId, status]);

  const act = useCallback(
    async (a: ScriptAct) => {
      setBusy(true);
      setError(null);
      try {
        setView(await api.invoke('scripts.act', { caseId: id, act: a }));
        return true;
      } catch (err) {
        console.warn('[veille] scripts.act refused', err);
        setError(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [api, id],
  );

  return { view, error, busy, act };
}

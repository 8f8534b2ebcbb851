/** scripts.*: the case's escalation script (main/scripts); closing through it reuses cases.close. */
import { ApiError } from '@shared/contract/errors';
import type { Emit, Handlers, Services } from '../types';
import { caseHandlers } from './cases';

type ScriptMethods = 'scripts.get' | 'scripts.act' | 'scripts.close';

export function scriptsFeature(s: Services, emit: Emit): { handlers: Pick<Handlers, ScriptMethods>; dispose: () => void } {
  const closeCase = caseHandlers(s)['cases.close'];
  const onChanged = (v: Parameters<Emit>[1]) => emit('scripts.changed', v as never);
  s.scripts?.on('changed', onChanged);
  const service = () => {
    if (!s.scripts) throw new ApiError('internal', 'Scripts d’escalade indisponibles sur cette console.');
    return s.scripts;
  };
  return {
    handlers: {
      'scripts.get': ({ caseId }) => service().get(caseId),
      'scripts.act': ({ caseId, act }) => service().act(caseId, act),
      'scripts.close': ({ caseId, closureCode, note, overrideReason }, ctx) =>
        service().close(caseId, closureCode, note, overrideReason, (code, n) =>
          Promise.resolve(closeCase({ caseId, closureCode: code, ...(n !== undefined ? { note: n } : {}) }, ctx)),
        ),
    },
    dispose: () => s.scripts?.off('changed', onChanged),
  };
}

/** The case history feature as the host wires it: the `cases.history` request and event. */
import type { Emit, Handlers, Services } from '../host/types';
import { CaseHistory } from './case-history';

export { CaseHistory } from './case-history';
export type { CaseHistoryLink, CaseHistoryOptions, OutboxNotices } from './case-history';

export function caseHistoryFeature(s: Services, emit: Emit): { handlers: Pick<Handlers, 'cases.history'>; dispose: () => void } {
  const history = new CaseHistory({ journal: s.journal, link: s.link, outbox: s.outbox, logger: s.logger });
  history.on('history', (view) => emit('cases.history', view));
  history.start();
  return {
    handlers: { 'cases.history': ({ caseId }) => history.history(caseId) },
    dispose: () => history.dispose(),
  };
}

/** journal.* and app.info: read-only views. */
import type { Handlers, Services } from '../types';

export function journalHandlers(s: Services): Pick<Handlers, 'journal.list' | 'journal.outbox' | 'app.info'> {
  return {
    'journal.list': ({ caseId, limit }) => s.journal.list({ caseId, limit }),
    'journal.outbox': () => s.outbox.status(),
    'app.info': () => s.app,
  };
}

import type { FastifyInstance } from 'fastify';
import { countActiveCases } from '../cases/case-row';
import type { HubContext } from '../context';
import { registerConsolesRoute } from './consoles-route';
import { registerIngest } from './ingest-route';
import { registerJournalRoute } from './journal-route';
import type { LoginLimiter } from './login-limiter';
import { registerLogin } from './login-route';
import { registerSessionRoutes, type SessionRouteDeps } from './session-routes';

export { INGEST_BODY_LIMIT } from './ingest-route';

export function registerRoutes(app: FastifyInstance, hub: HubContext, limiter: LoginLimiter, sessions: SessionRouteDeps): void {
  app.get('/health', async () => ({
    status: 'ok',
    version: hub.version,
    uptimeS: Math.round((Date.now() - hub.startedAt) / 1000),
    openCases: await countActiveCases(hub.db),
  }));
  registerLogin(app, hub, limiter, sessions.policy);
  registerSessionRoutes(app, hub, sessions);
  registerIngest(app, hub);
  registerConsolesRoute(app, hub);
  registerJournalRoute(app, hub);
}

/**
 * Starts the console's escalation scripts: the centre's script folder (VEILLE_SCRIPTS_DIR,
 * default resources/scripts), contacts from the centre's settings and the site directory,
 * messages through the HTTP gateway at VEILLE_NOTIFY_URL or the simulated one.
 */
import { join } from 'node:path';
import { formatProblem } from '@shared/scripts/parse';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import { defaultResourcesDir } from '../transports/tiles';
import type { VoiceService } from '../voice/calls/service';
import { createContactResolver, type SiteContactSource } from './contacts';
import type { ScriptLink } from './hub-sync';
import { loadScriptFolder } from './load';
import { HttpNotifyGateway, SimulatedNotifyGateway, type NotifyGateway } from './notify-gateway';
import { ScriptService } from './service';

export { ScriptService } from './service';

export interface StartScriptsOptions {
  journal: Journal;
  link: ScriptLink;
  /** The site directory (main/directory): contacts by site. */
  directory: { site(siteId: string): { site: { contacts: { role: string; name: string; phone: string }[] } } | null };
  voice?: () => VoiceService | undefined;
  logger: Logger;
  scriptsDir?: string;
  gateway?: NotifyGateway;
  env?: NodeJS.ProcessEnv;
}

export function startScripts(o: StartScriptsOptions): ScriptService {
  const env = o.env ?? process.env;
  const dir = o.scriptsDir ?? env.VEILLE_SCRIPTS_DIR ?? join(defaultResourcesDir(), 'scripts');
  const folder = loadScriptFolder(dir);
  const log = o.logger.child({ component: 'scripts' });
  // A broken file is left out, loudly; the others still run (scripts:check catches it before).
  for (const p of folder.problems) log.error({ problem: formatProblem(p) }, 'escalation script problem');
  log.info({ dir, scripts: folder.scripts.length }, 'escalation scripts loaded');
  const sites: SiteContactSource = { siteContacts: (siteId) => o.directory.site(siteId)?.site.contacts ?? null };
  const gateway = o.gateway ?? (env.VEILLE_NOTIFY_URL ? new HttpNotifyGateway(env.VEILLE_NOTIFY_URL, log) : new SimulatedNotifyGateway(log));
  const service = new ScriptService({
    journal: o.journal,
    link: o.link,
    catalogue: { scripts: folder.scripts, holidays: folder.holidays },
    contacts: createContactResolver(folder.centre, sites),
    gateway,
    voice: o.voice,
    logger: o.logger,
  });
  service.start();
  return service;
}

/**
 * Boots the console's services, the same for Electron and browser mode:
 * journal → hub (given, or the embedded demo) → hub link → outbox → host.
 */
import { join } from 'node:path';
import type { AppInfo } from '@shared/contract/requests';
import { CommandQueue, CommandSender } from '../commands';
import { DirectoryCache } from '../directory';
import type { Config } from '../config/config';
import { startEmbeddedDemo, type EmbeddedDemo } from '../embedded/embedded';
import { createHost, type Host } from '../host/host';
import type { Services } from '../host/types';
import { HubLink } from '../hub-link/hub-link';
import { probeHub, type ProbeResult } from '../hub-link/probe';
import { openJournal } from '../journal/journal';
import { OutboxSender } from '../journal/outbox-sender';
import { JournalUplink } from '../journal/uplink';
import type { Logger } from '../log/logger';
import { startRetention } from '../retention/purge';
import { startScripts } from '../scripts';
import { startVoice } from '../voice';

export interface CoreOptions {
  config: Pick<Config, 'dataDir' | 'hubUrl' | 'simRate' | 'sim'> & Partial<Pick<Config, 'retentionDays' | 'sipHost' | 'sipPort' | 'trunk'>>;
  logger: Logger;
  app: AppInfo;
  /** better_sqlite3.node for the Electron ABI (packaged app); default: the Node build. */
  nativeBinding?: string;
}

export interface Core {
  host: Host;
  services: Services;
  hubUrl: string;
  /** The embedded demo runs (a configured hub may still be a demo: see HubStatus.demo). */
  demo: boolean;
  /** The start-up look at <hub>/health (configured hub only); start-up never waits for it. */
  hubProbe: Promise<ProbeResult> | null;
  /** Journals the operator's logout, flushes what it can, then stops everything. */
  close(): Promise<void>;
}

const SHUTDOWN_FLUSH_MS = 1500;

export async function bootCore(o: CoreOptions): Promise<Core> {
  const log = o.logger;
  const journal = openJournal(join(o.config.dataDir, 'journal.sqlite'), { logger: log, nativeBinding: o.nativeBinding });
  log.info({ file: journal.file, consoleId: journal.consoleId, pending: journal.outbox.count() }, 'journal open');
  const retention = startRetention(journal, o.config.retentionDays ?? 365, log, undefined, join(o.config.dataDir, 'recordings'));

  let embedded: EmbeddedDemo | null = null;
  try {
    if (!o.config.hubUrl) embedded = await startEmbeddedDemo({ ...o.config, logger: log });
  } catch (err) {
    retention.stop();
    journal.close();
    throw err;
  }
  const hubUrl = o.config.hubUrl ?? (embedded as EmbeddedDemo).hubUrl;
  const hubProbe = o.config.hubUrl ? probeHub(o.config.hubUrl, log) : null;
  const link = new HubLink({ hubUrl, demo: embedded !== null, logger: log, consoleId: journal.consoleId });
  // The journal's own lane: the console's key, whoever is logged in (the embedded demo too).
  const uplink = new JournalUplink({ hubUrl, journal, logger: log });
  const outbox = new OutboxSender({ journal, uplink, hubBack: link, logger: log });
  outbox.start();
  // Commands a crash or a restart left queued wait here for their operator's next login.
  const commands = new CommandQueue({ journal, logger: log });
  const commandSender = new CommandSender({ queue: commands, link, logger: log });
  commandSender.start();
  const directory = new DirectoryCache({ file: join(o.config.dataDir, 'directory.json'), link, journal, logger: log });
  directory.start();
  // Escalation scripts: the engine's effects (calls through the voice service when there is one).
  const scripts = startScripts({ journal, link, directory, logger: log, voice: () => services.voice });
  // Calls: the privacy guard and the journal live in the service; the transports attach the audio.
  const voice = startVoice({
    dataDir: o.config.dataDir,
    journal,
    link,
    logger: log,
    sipHost: o.config.sipHost ?? '127.0.0.1',
    sipPort: o.config.sipPort ?? 0,
    trunk: o.config.trunk ?? embedded?.trunk ?? null,
  });
  const services: Services = { journal, link, outbox, uplink, commands, directory, scripts, app: o.app, logger: log, voice };
  const host = createHost(services);

  let closing: Promise<void> | null = null;
  const step = async (what: string, fn: () => unknown) => {
    try {
      await fn();
    } catch (err) {
      log.error({ err }, `shutdown: ${what} failed`);
    }
  };
  return {
    host,
    services,
    hubUrl,
    demo: embedded !== null,
    hubProbe,
    close() {
      closing ??= (async () => {
        // Calls first: DTMF 0 and BYE go out and the calls are journaled under their operator.
        await step('voice', () => voice.stop());
        const op = link.operator;
        if (op) {
          await step('journal logout', () =>
            journal.append({ operatorId: op.id, caseId: null, type: 'session.logout', payload: { reason: 'shutdown' } }),
          );
          await step('outbox flush', () => outbox.flush(SHUTDOWN_FLUSH_MS));
        }
        outbox.stop();
        uplink.close();
        commandSender.stop();
        directory.stop();
        scripts.stop();
        retention.stop();
        host.dispose();
        await step('hub link', () => link.close());
        if (embedded) await step('embedded hub', () => embedded.close());
        await step('journal', () => journal.close());
        log.info('console services stopped');
      })();
      return closing;
    },
  };
}

/**
 * Test fixtures for main/: temp dirs, a REAL hub (server/hub) on 127.0.0.1,
 * alarms through the REAL simulator's HTTP ingest, and the console services
 * wired as in production. Not used by production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventSchemas, type EventEnvelope, type EventName } from '@shared/contract';
import type { Case } from '@shared/domain/case';
import { startHub } from '../../server/hub/index';
import { TEST_DIRECTORY } from '../../server/hub/test-helpers';
import { startSimulator } from '../../server/simulator/index';
import { CommandQueue, CommandSender } from '../commands';
import { DirectoryCache } from '../directory';
import { createHost, type Host } from '../host/host';
import type { Services } from '../host/types';
import { HubLink, type HubLinkOptions } from '../hub-link/hub-link';
import { openJournal } from '../journal/journal';
import { OutboxSender } from '../journal/outbox-sender';
import { JournalUplink } from '../journal/uplink';
import { silentLogger } from '../log/logger';

export const silent = silentLogger();

export { TEST_DIRECTORY };

export function tempDir(prefix = 'veille-main-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestHub {
  url: string;
  port: number;
  dataDir: string;
  /** Raises one alarm through the hub's HTTP ingest; resolves when the hub accepted it. */
  raiseAlarm(): Promise<void>;
  close(): Promise<void>;
}

/** A real hub; pass the same dataDir and port to "restart" it. */
export async function startTestHub(dataDir: string, port = 0): Promise<TestHub> {
  // One case per alarm (no grouping): these tests count the cases raiseAlarm makes.
  const hub = await startHub({ dataDir, port, demo: true, directory: TEST_DIRECTORY, logger: silent, grouping: { groupWindowMs: 0 } });
  const { key } = await hub.createGateway('main-tests');
  const sim = startSimulator({ hubUrl: hub.url, gatewayKey: key, directory: TEST_DIRECTORY, ratePerMinute: 0, logger: silent });
  return {
    url: hub.url,
    port: hub.port,
    dataDir,
    raiseAlarm: async () => {
      await sim.sendOne({ beaconId: 'B-1', kind: 'ppms.intrusion', drill: false });
    },
    close: async () => {
      await sim.stop();
      await hub.close();
    },
  };
}

export interface Console {
  services: Services;
  host: Host;
  /** Every event the host emitted, and those that broke the shared event schemas. */
  events: EventEnvelope[];
  violations: string[];
  close(): Promise<void>;
}

/** The console's services as bootCore wires them, against a given hub URL. */
export function startConsole(dataDir: string, hubUrl: string, link: Partial<HubLinkOptions> = {}): Console {
  const journal = openJournal(join(dataDir, 'journal.sqlite'), { logger: silent });
  const hubLink = new HubLink({ hubUrl, logger: silent, consoleId: journal.consoleId, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, ...link });
  const uplink = new JournalUplink({ hubUrl, journal, logger: link.logger ?? silent, registerRetryMs: 50 });
  const outbox = new OutboxSender({ journal, uplink, hubBack: hubLink, logger: link.logger ?? silent, retryMinMs: 50, retryMaxMs: 200 });
  outbox.start();
  const commands = new CommandQueue({ journal, logger: silent });
  const commandSender = new CommandSender({ queue: commands, link: hubLink, logger: silent, retryMinMs: 50, retryMaxMs: 200 });
  commandSender.start();
  const directory = new DirectoryCache({ file: join(dataDir, 'directory.json'), link: hubLink, journal, logger: silent });
  directory.start();
  const services: Services = {
    journal,
    link: hubLink,
    outbox,
    uplink,
    commands,
    directory,
    app: { version: '0.0.0-test', runtime: 'browser', capabilities: { nativeNotifications: false } },
    logger: silent,
  };
  const host = createHost(services, { validateOutput: true });
  const events: EventEnvelope[] = [];
  const violations: string[] = [];
  host.onEvent((e) => {
    events.push(e);
    const r = eventSchemas[e.event as EventName]?.safeParse(e.payload);
    if (!r?.success) violations.push(`${e.event}: ${r?.error.message ?? 'unknown event'}`);
  });
  return {
    services,
    host,
    events,
    violations,
    async close() {
      outbox.stop();
      uplink.close();
      commandSender.stop();
      directory.stop();
      host.dispose();
      await hubLink.close();
      journal.close();
    },
  };
}

let nextId = 1;
/** host.handle with a fresh envelope id. */
export function call(host: Host, method: string, args?: unknown) {
  return host.handle({ kind: 'req', id: nextId++, method, args }, { transport: 'test' });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function openCase(cases: readonly Case[]): Case | undefined {
  return cases.find((c) => c.status === 'open');
}

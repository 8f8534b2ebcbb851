/**
 * A console's journal backlog (100,000 events: a long hub outage) reaching the hub, and
 * what it does to alarm intake meanwhile. The hub runs in its own process; the console's
 * real journal, outbox, uplink and hub link run here. Targets (issue 5): the backlog at the
 * hub in under 10 s; alarm intake p99 while it syncs within 2× of the idle p99.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pino from 'pino';
import type { Case } from '@shared/domain/case';
import type { Directory } from '@shared/domain/site';
import { HubLink } from '../main/hub-link/hub-link';
import { openJournal } from '../main/journal/journal';
import { OutboxSender } from '../main/journal/outbox-sender';
import { JournalUplink } from '../main/journal/uplink';
import { summarize, type Summary } from './stats';

export type JournalSyncResult = {
  backlog: number;
  syncMs: number;
  eventsPerSecond: number;
  intakeIdleMs: Summary;
  intakeDuringSyncMs: Summary;
  p99Ratio: number;
  /** Alarm posts sent twice because the connection closed under the first (see alarm()). */
  retriedPosts: number;
};

const directory = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')) as Directory;

async function startHubProcess(dataDir: string): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/hub-process.ts', dataDir], {
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench hub exited (${code})`)));
  });
  return { child, ...(JSON.parse(first) as { url: string; key: string }) };
}

export async function benchJournalSync(dir: string, opts = { backlog: 100_000, alarms: 150 }): Promise<JournalSyncResult> {
  const logger = pino({ level: 'silent' });
  const hub = await startHubProcess(join(dir, 'hub'));
  const journal = openJournal(join(dir, 'console', 'journal.sqlite'));
  const link = new HubLink({ hubUrl: hub.url, logger, consoleId: journal.consoleId });
  const uplink = new JournalUplink({ hubUrl: hub.url, journal, logger });
  let outbox: OutboxSender | null = null;
  try {
    const op = await link.login('operateur1', 'veille-demo');
    if (!(await uplink.register(link.accessToken()))) throw new Error('console registration failed');

    const arrivals = new Map<string, { wall: number; c: Case }>();
    const waiters = new Map<string, () => void>();
    link.on('caseChanged', (c) => {
      if (arrivals.has(c.id)) return;
      arrivals.set(c.id, { wall: Date.now(), c });
      waiters.get(c.id)?.();
    });
    let ref = 0;
    let retriedPosts = 0;
    /** One alarm through the real HTTP ingest; ms from the hub's receipt to this console's store. */
    const alarm = async (): Promise<number> => {
      const beacon = directory.beacons[ref % directory.beacons.length]!;
      const body = JSON.stringify({ beaconId: beacon.id, reference: `sync-bench-${ref++}`, kind: 'ppms.intrusion', occurredAt: new Date().toISOString() });
      const post = () =>
        fetch(`${hub.url}/api/v1/alarms`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.key}` }, body });
      // As a gateway does: a connection the hub closed as the request left is retried with the
      // same reference (the ingest is idempotent), and counted.
      const res = await post().catch(() => {
        retriedPosts++;
        return post();
      });
      if (res.status >= 300) throw new Error(`ingest answered ${res.status}`);
      const { caseId } = (await res.json()) as { caseId: string };
      if (!arrivals.has(caseId)) await new Promise<void>((r) => waiters.set(caseId, r));
      const a = arrivals.get(caseId)!;
      return a.wall - Date.parse(a.c.receivedAt);
    };

    const idle: number[] = [];
    for (let i = 0; i < opts.alarms; i++) idle.push(await alarm());

    // A backlog as an outage leaves it (one transaction per 5,000: set-up, not measured).
    let written = 0;
    const writeBacklog = (n: number) => {
      for (let left = n; left > 0; ) {
        const k = Math.min(5000, left);
        journal.transaction(() => {
          for (let i = 0; i < k; i++) {
            journal.append({ operatorId: op.id, caseId: null, type: 'case.close-requested', payload: { i: written++, operatorName: op.displayName, note: 'Appel du directeur, intrusion signalée côté cour' } });
          }
        });
        left -= k;
      }
    };
    const sender = new OutboxSender({ journal, uplink, logger });
    outbox = sender;
    const drained = () =>
      new Promise<number>((resolve) => {
        const check = () => {
          if (journal.outbox.count() !== 0) return;
          sender.off('status', check);
          resolve(performance.now());
        };
        sender.on('status', check);
        check();
      });

    // 1. The sync alone: how long the hub takes to hold the whole backlog.
    writeBacklog(opts.backlog);
    const t0 = performance.now();
    sender.start();
    const syncMs = (await drained()) - t0;

    // 2. A second backlog syncing while alarms arrive, one every 50 ms (a busy centre's worst minute).
    writeBacklog(opts.backlog);
    sender.trigger();
    const during: number[] = [];
    let syncing = true;
    const done = drained().then(() => (syncing = false));
    while (syncing) {
      // The load itself, not a wait for something: one alarm every 50 ms, paced on the clock.
      const next = new Promise((r) => setTimeout(r, 50));
      during.push(await alarm());
      await next;
    }
    await done;
    return {
      backlog: opts.backlog,
      syncMs,
      eventsPerSecond: Math.round(opts.backlog / (syncMs / 1000)),
      intakeIdleMs: summarize(idle),
      intakeDuringSyncMs: summarize(during),
      p99Ratio: summarize(during).p99 / Math.max(1, summarize(idle).p99),
      retriedPosts,
    };
  } finally {
    outbox?.stop();
    uplink.close();
    await link.close();
    journal.close();
    hub.child.kill('SIGTERM');
    await new Promise((r) => hub.child.once('exit', r));
  }
}

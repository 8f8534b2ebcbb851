/** `npm run bench`: prints readable figures and writes them as JSON to bench/results/. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAlarmLatency } from './alarm-latency';
import { benchJournalAppend } from './journal-append';
import { benchJournalSync } from './journal-sync';
import { benchUiFlood } from './ui-flood';
import { fmt } from './stats';

const dir = mkdtempSync(join(tmpdir(), 'veille-bench-'));
try {
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?' };
  console.log(`Veille bench — Node ${machine.node}, ${machine.cpus} × ${machine.cpu}`);

  const latency = await benchAlarmLatency(join(dir, 'hub'));
  console.log('alarm: hub receipt → console store (sequential)   ' + fmt(latency.sequential.hubToStoreMs, 'ms', 0));
  console.log('alarm: ingest POST sent → console store (sequential) ' + fmt(latency.sequential.postToStoreMs));
  console.log(
    `alarm flood: ${latency.flood.alarms} alarms, ${latency.flood.concurrency} senders → all in console store after ${latency.flood.allInStoreMs.toFixed(0)} ms ` +
      `(${Math.round((latency.flood.alarms / latency.flood.allInStoreMs) * 1000)} alarms/s)`,
  );
  console.log('alarm flood: hub receipt → console store              ' + fmt(latency.flood.hubToStoreMs, 'ms', 0));

  mkdirSync(join(dir, 'journal'));
  const journal = benchJournalAppend(join(dir, 'journal'));
  console.log(`journal: local append (event + outbox, synchronous=FULL) ${fmt(journal.appendMs, 'ms', 3)}; ${journal.perSecond} appends/s`);

  const sync = await benchJournalSync(join(dir, 'sync'));
  console.log(
    `journal sync: ${sync.backlog} events backlog → at the hub after ${(sync.syncMs / 1000).toFixed(1)} s (${sync.eventsPerSecond} events/s; target < 10 s)`,
  );
  console.log('journal sync: alarm intake, hub idle            ' + fmt(sync.intakeIdleMs, 'ms', 0));
  console.log('journal sync: alarm intake during the sync      ' + fmt(sync.intakeDuringSyncMs, 'ms', 0) + ` → p99 ×${sync.p99Ratio.toFixed(2)} (target ≤ 2)` + (sync.retriedPosts ? `; ${sync.retriedPosts} post(s) retried` : ''));

  const ui = await benchUiFlood(join(dir, 'ui'));
  console.log(
    `ui flood: ${ui.alarms} alarms posted → all listed in the operator's queue after ${ui.listedAfterMs.toFixed(0)} ms; ` +
      `↓ key → next row focused ${fmt(ui.keyToFocusMs)}; renderer JS heap ${ui.heapUsedMB} MB`,
  );

  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', 'latest.json');
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, latency, journal, sync, ui }, null, 2) + '\n');
  console.log(`JSON: ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

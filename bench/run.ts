/** `npm run bench`: prints readable figures and writes them as JSON to bench/results/. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAlarmLatency } from './alarm-latency';
import { benchJournalAppend } from './journal-append';
import { benchJournalSync } from './journal-sync';
import { benchScaip } from './scaip/scaip-bench';
import { benchUiFlood, formatUiFlood } from './ui-flood';
import { fmt } from './stats';

const dir = mkdtempSync(join(tmpdir(), 'veille-bench-'));
try {
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?' };
  console.log(`Veille bench — Node ${machine.node}, ${machine.cpus} × ${machine.cpu}`);

  const latency = await benchAlarmLatency(join(dir, 'hub'));
  console.log('HTTP alarm: hub receipt → console store (sequential)   ' + fmt(latency.sequential.hubToStoreMs, 'ms', 0));
  console.log('HTTP alarm: ingest POST sent → console store (sequential) ' + fmt(latency.sequential.postToStoreMs));
  console.log(
    `HTTP alarm flood: ${latency.flood.alarms} alarms, ${latency.flood.concurrency} senders → all in console store after ${latency.flood.allInStoreMs.toFixed(0)} ms ` +
      `(${Math.round((latency.flood.alarms / latency.flood.allInStoreMs) * 1000)} alarms/s)`,
  );
  console.log('HTTP alarm flood: hub receipt → console store              ' + fmt(latency.flood.hubToStoreMs, 'ms', 0));

  const scaip = await benchScaip(join(dir, 'scaip'));
  const f = scaip.floor;
  const v = scaip.veille;
  console.log('SCAIP mrq receipt → console store (sequential): Veille ' + fmt(v.sequentialMs, 'ms', 0) + ' (target p99 < 20 ms)');
  console.log('                                    bare floor ' + fmt(f.sequentialMs, 'ms', 0));
  console.log(`  → Veille / floor: p50 ×${scaip.ratio.sequentialP50.toFixed(2)}, p99 ×${scaip.ratio.sequentialP99.toFixed(2)}`);
  for (const [name, r] of [['Veille', v], ['bare floor', f]] as const) {
    console.log(
      `SCAIP flood (${name}): ${r.flood.alarms} alarms from ${r.flood.beacons} beacons → console store in ${(r.flood.absorbedMs / 1000).toFixed(1)} s ` +
        `(${r.flood.alarmsPerSecond} alarms/s, lost ${r.flood.lost}); receipt → store ${fmt(r.flood.receiptToStoreMs, 'ms', 0)}`,
    );
  }
  console.log(`  → Veille / floor throughput ×${scaip.ratio.floodThroughput.toFixed(2)} (target ≥ 1, 10k in < 60 s); ${v.casesAfterFlood} case(s) in the queue after grouping`);

  mkdirSync(join(dir, 'journal'));
  const journal = benchJournalAppend(join(dir, 'journal'));
  console.log(`journal: local append (event + outbox, synchronous=FULL) ${fmt(journal.appendMs, 'ms', 3)}; ${journal.perSecond} appends/s`);

  const sync = await benchJournalSync(join(dir, 'sync'));
  console.log(
    `journal sync: ${sync.backlog} events backlog → at the hub after ${(sync.syncMs / 1000).toFixed(1)} s (${sync.eventsPerSecond} events/s; target < 10 s)`,
  );
  console.log('journal sync: alarm intake, hub idle            ' + fmt(sync.intakeIdleMs, 'ms', 0));
  console.log('journal sync: alarm intake during the sync      ' + fmt(sync.intakeDuringSyncMs, 'ms', 0) + ` → p99 ×${sync.p99Ratio.toFixed(2)} (target ≤ 2)` + (sync.retriedPosts ? `; ${sync.retriedPosts} post(s) retried` : ''));

  // The renderer's worst case (one row per alarm), then the field's (a site's alarms in one case).
  const ui = await benchUiFlood(join(dir, 'ui'));
  console.log(formatUiFlood(ui));
  const uiGrouped = await benchUiFlood(join(dir, 'ui-grouped'), 3000, { groupWindowMs: 600_000 });
  console.log(formatUiFlood(uiGrouped));
  console.log((await import('./map/map-bench')).formatMapBench(await (await import('./map/map-bench')).benchMap(join(dir, 'map')))); // open case → map drawn; 500 cases on the wall map
  await (await import('./voice/voice-bench')).runVoiceBench(); // RTP delays each way + jitter buffer under loss (bench/results/voice.json)
  const hubVoice = await import('./hub-voice/routing-bench'); console.log(hubVoice.formatHubVoiceRouting(await hubVoice.benchHubVoiceRouting(join(dir, 'hub-voice')))); // call set-up through the hub's voice routing

  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', 'latest.json');
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, latency, scaip, journal, sync, ui, uiGrouped }, null, 2) + '\n');
  console.log(`JSON: ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

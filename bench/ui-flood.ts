/**
 * The operator's screen under a flood: the real hub (in this process), the real console
 * host (out/main/browser.js) and the real UI in Debian's Chromium. Measures how long
 * thousands of alarms take to be listed, how much of the renderer's main thread they cost,
 * and how fast the queue answers the keyboard then.
 *
 * Nothing here runs code in the page from a string: the console's CSP refuses `eval`, which
 * Playwright needs for a string predicate as soon as it has to poll. Waits are locators (run
 * by Playwright in its own isolated world) and figures come from the DevTools protocol.
 *
 * Alone (after `npx electron-vite build`):
 *   TSX_TSCONFIG_PATH=tsconfig.node.json node --import tsx bench/ui-flood.ts [alarms] [groupWindowMs]
 */
import { chromium, type CDPSession } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { Directory } from '@shared/domain/site';
import { startHub } from '../server/hub/index';
import { fmt, summarize, type Summary } from './stats';

export type UiFloodOptions = {
  /**
   * The hub's grouping window. 0 (the default): one case per alarm, every alarm a new row,
   * the renderer's worst case and the figure the issue compares against. The hub's own
   * default (10 min) folds a site's alarms into one case, as in the field.
   */
  groupWindowMs?: number;
};

export type UiFloodResult = {
  alarms: number;
  /** Cases listed at the end (fewer than alarms when the hub groups them). */
  cases: number;
  groupWindowMs: number;
  /** Until the last POST was answered: the hub's side of the flood. */
  postedAfterMs: number;
  /** Until the queue on screen counted every alarm. */
  listedAfterMs: number;
  alarmsPerSecond: number;
  /** Renderer main thread busy during the flood (DevTools Performance.TaskDuration), and its JS part. */
  rendererBusyMs: number;
  rendererScriptMs: number;
  keyToFocusMs: Summary;
  /** ↓ presses (of 120) after which no other row took focus within 5 s. */
  keysLost: number;
  heapUsedMB: number;
};

const directory = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')) as Directory;

function startConsole(hubUrl: string, dataDir: string): Promise<{ url: string; stop: () => void }> {
  const proc = spawn(process.execPath, ['out/main/browser.js', '--port', '0', '--data-dir', dataDir, '--hub-url', hubUrl], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Veille console ready at (\S+)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], stop: () => proc.kill('SIGTERM') });
    });
    proc.once('exit', (code) => reject(new Error(`console exited ${code}`)));
  });
}

/** Main-thread time the renderer has spent so far (seconds → ms), from the DevTools protocol. */
async function rendererTimes(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

export async function benchUiFlood(dataDir: string, alarms = 3000, opts: UiFloodOptions = {}): Promise<UiFloodResult> {
  const groupWindowMs = opts.groupWindowMs ?? 0;
  const hub = await startHub({ dataDir: join(dataDir, 'hub'), port: 0, demo: true, directory, logger: pino({ level: 'silent' }), grouping: { groupWindowMs } });
  const { key } = await hub.createGateway('bench-ui');
  const host = await startConsole(hub.url, join(dataDir, 'console'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'fr-FR' });
    await page.goto(host.url);
    await page.getByLabel('Identifiant').fill('operateur1');
    await page.getByLabel('Mot de passe').fill('veille-demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await rendererTimes(cdp);

    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < alarms) {
          const i = next++;
          const beacon = directory.beacons[i % directory.beacons.length]!;
          await fetch(`${hub.url}/api/v1/alarms`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ beaconId: beacon.id, reference: `ui-${i}`, kind: i % 3 ? 'device.low-battery' : 'ppms.intrusion', occurredAt: new Date().toISOString() }),
          });
        }
      }),
    );
    const postedAfterMs = performance.now() - t0;
    // The queue header carries the number of alarms its cases hold (grouped or not).
    const header = page.locator(`[data-queue-alarms="${alarms}"]`);
    await header.waitFor({ timeout: 120_000 });
    const listedAfterMs = performance.now() - t0;
    const after = await rendererTimes(cdp);
    const cases = Number(await header.getAttribute('data-queue-cases'));

    // Keyboard: ↓ moves the queue cursor; time until another row holds focus.
    await page.getByRole('list', { name: 'File des alarmes' }).getByRole('listitem').first().focus();
    const keyTimes: number[] = [];
    // A ↓ that moves nothing within 5 s is counted and reported, not waited on forever. Three
    // rounds of 40 from the top: a lost key was a race one press in a hundred or so (fixed in
    // AlarmQueue.tsx), and the figure must show if it comes back.
    let keysLost = 0;
    for (let round = 0; round < 3; round++) {
      await page.keyboard.press('Home');
      await page.locator('[role="listitem"][aria-posinset="1"]:focus').waitFor({ timeout: 5_000 });
      for (let i = 0; i < 40; i++) {
        const focusedId = await page.locator('[role="listitem"]:focus').getAttribute('id');
        const t = performance.now();
        await page.keyboard.press('ArrowDown');
        try {
          await page.locator(`[role="listitem"]:focus:not([id="${focusedId}"])`).waitFor({ timeout: 5_000 });
          keyTimes.push(performance.now() - t);
        } catch {
          keysLost++;
        }
      }
    }
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      alarms,
      cases,
      groupWindowMs,
      postedAfterMs,
      listedAfterMs,
      alarmsPerSecond: Math.round((alarms / listedAfterMs) * 1000),
      rendererBusyMs: Math.round(after.task - before.task),
      rendererScriptMs: Math.round(after.script - before.script),
      keyToFocusMs: summarize(keyTimes),
      keysLost,
      heapUsedMB: Math.round(heap.usedSize / 1e6),
    };
  } finally {
    await browser.close();
    host.stop();
    await hub.close();
  }
}

export function formatUiFlood(ui: UiFloodResult): string {
  return (
    `ui flood: ${ui.alarms} alarms posted (${ui.cases} cases, grouping window ${ui.groupWindowMs} ms) → hub answered all after ${ui.postedAfterMs.toFixed(0)} ms, ` +
    `all counted in the operator's queue after ${ui.listedAfterMs.toFixed(0)} ms (${ui.alarmsPerSecond} alarms/s); ` +
    `renderer main thread busy ${ui.rendererBusyMs} ms (JS ${ui.rendererScriptMs} ms, ${(ui.rendererBusyMs / ui.alarms).toFixed(2)} ms/alarm); ` +
    `↓ key → next row focused ${fmt(ui.keyToFocusMs)}${ui.keysLost ? ` (${ui.keysLost} of 120 presses moved nothing)` : ''}; renderer JS heap ${ui.heapUsedMB} MB`
  );
}

// Run alone: only the UI flood, without the other benches.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = mkdtempSync(join(tmpdir(), 'veille-bench-ui-'));
  try {
    const result = await benchUiFlood(dir, Number(process.argv[2] ?? 3000), { groupWindowMs: Number(process.argv[3] ?? 0) });
    console.log(formatUiFlood(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

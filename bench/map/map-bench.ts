/**
 * The map in the operator's Chromium (Debian's, --disable-gpu: WebGL on SwiftShader, so
 * these are software-rendering figures, a workstation with a GPU does better):
 *  - open case → the case map's first full render (MapLibre 'idle': basemap tiles, glyphs,
 *    street names and the overlay all drawn), the first time (MapLibre's chunk, its worker
 *    and the basemap's directory loaded cold) and then case after case;
 *  - the renderer's memory with 500 open cases on the supervisor's wall map (JS heap after
 *    a forced GC, before and with the wall map), and how many of them the map drew.
 * Timings are taken in the page (performance.now at the click, the map's
 * 'veille-map-idle' mark), not by polling from here.
 *
 * Alone (after `npx electron-vite build`):
 *   TSX_TSCONFIG_PATH=tsconfig.node.json node --import tsx bench/map/map-bench.ts
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { Directory } from '@shared/domain/site';
import { startHub } from '../../server/hub/index';
import { fmt, summarize, type Summary } from '../stats';

export type MapBenchResult = {
  openToIdleColdMs: number;
  openToIdleWarmMs: Summary;
  wallCases: number;
  wallDrawn: number;
  wallOpenToIdleMs: number;
  heapBeforeWallMB: number;
  heapWithWallMB: number;
  rssBeforeWallMB: { renderer: number; gpu: number };
  rssWithWallMB: { renderer: number; gpu: number };
  webgl: string;
};

/** The page's globals as the functions run in it see them (this file compiles without the DOM library). */
type PageGlobals = {
  performance: { now(): number; clearMarks(name: string): void; getEntriesByName(name: string): Array<{ startTime: number }> };
  document: {
    addEventListener(type: string, f: () => void, o: { capture: boolean; once: boolean }): void;
    createElement(tag: 'canvas'): { getContext(kind: 'webgl2'): { getExtension(n: string): { UNMASKED_RENDERER_WEBGL: number } | null; getParameter(p: number): unknown } | null };
    querySelector(s: string): { veilleMap?: { queryRenderedFeatures(o: { layers: string[] }): unknown[] } } | null;
  };
  benchClickAt?: number;
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

async function login(page: Page, url: string, user: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Identifiant').fill(user);
  await page.getByLabel('Mot de passe').fill('veille-demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

/**
 * Resident memory (MB) of the browser's renderer and GPU processes (SwiftShader draws in the
 * GPU process), from /proc: the JS heap alone misses the worker, WebGL buffers and tiles.
 * Playwright starts Chromium from this process: its renderers and GPU process descend from us.
 */
function chromiumRssMB(): { renderer: number; gpu: number } {
  const info = new Map<number, { ppid: number; type: string; rssKB: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const rssKB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      info.set(Number(d), { ppid, rssKB, type: /--type=([a-z-]+)/.exec(cmd)?.[1] ?? '' });
    } catch {
      /* the process ended meanwhile */
    }
  }
  const under = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = info.get(p)?.ppid ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  const sum = (type: string) => [...info.entries()].filter(([pid, i]) => i.type === type && under(pid)).reduce((n, [, i]) => n + i.rssKB, 0) / 1024;
  return { renderer: Math.round(sum('renderer')), gpu: Math.round(sum('gpu-process')) };
}

/** Until the queue lists at least `cases` cases (the demo hub adds its own supervision alarms to ours). */
async function queueHolds(page: Page, cases: number): Promise<void> {
  const header = page.locator('[data-queue-cases]');
  const deadline = Date.now() + 120_000;
  while (Number(await header.getAttribute('data-queue-cases')) < cases) {
    if (Date.now() > deadline) throw new Error(`the queue never listed ${cases} cases`);
    // A bench, not a test: polling the header every 250 ms costs nothing measured.
    await page.waitForTimeout(250);
  }
}

/** Click → 'veille-map-idle' mark of the map that click opened, measured in the page. */
async function clickToIdle(page: Page, click: () => Promise<void>, testId: string): Promise<number> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    delete w.benchClickAt;
    w.performance.clearMarks('veille-map-idle');
    w.document.addEventListener('pointerdown', () => (w.benchClickAt = w.performance.now()), { capture: true, once: true });
  });
  await click();
  await page.locator(`[data-testid="${testId}"][data-map-state="idle"]`).waitFor({ timeout: 120_000 });
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const mark = w.performance.getEntriesByName('veille-map-idle').at(-1);
    return (mark?.startTime ?? NaN) - (w.benchClickAt ?? NaN);
  });
}

export async function benchMap(dataDir: string, wallCases = 500): Promise<MapBenchResult> {
  const hub = await startHub({ dataDir: join(dataDir, 'hub'), port: 0, demo: true, directory, logger: pino({ level: 'silent' }), grouping: { groupWindowMs: 0 } });
  const { key } = await hub.createGateway('bench-map');
  const host = await startConsole(hub.url, join(dataDir, 'console'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // 500 open cases across the commune: the demo's beacons, each alarm at its own position.
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < wallCases) {
          const i = next++;
          const beacon = directory.beacons[i % directory.beacons.length]!;
          const position = { lat: 47.245 + ((i * 37) % 100) * 0.0006, lon: -2.3 + ((i * 61) % 100) * 0.0013 };
          const res = await fetch(`${hub.url}/api/v1/alarms`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ beaconId: beacon.id, reference: `map-${i}`, kind: i % 5 ? 'device.low-battery' : 'ppms.intrusion', occurredAt: new Date().toISOString(), position }),
          });
          if (res.status !== 202) throw new Error(`alarm ${i}: HTTP ${res.status} ${await res.text()}`);
        }
      }),
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR', colorScheme: 'dark' });
    await login(page, host.url, 'operateur1');
    await queueHolds(page, wallCases);
    const rows = page.getByRole('list', { name: 'File des alarmes' }).getByRole('listitem');
    const times: number[] = [];
    for (let i = 0; i < 8; i++) times.push(await clickToIdle(page, () => rows.nth(i * 3).click(), 'case-map-canvas'));
    const webgl = await page.evaluate(() => {
      const gl = (globalThis as unknown as PageGlobals).document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL';
    });
    // One operator session per console host: the supervisor logs in after.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('Identifiant').waitFor();
    await page.close();

    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'fr-FR', colorScheme: 'dark' });
    await login(wall, host.url, 'superviseur');
    await queueHolds(wall, wallCases);
    const cdp = await wall.context().newCDPSession(wall);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
    };
    const heapBefore = await heap();
    const rssBefore = chromiumRssMB();
    const openCases = Number(await wall.locator('[data-queue-cases]').getAttribute('data-queue-cases'));
    const wallOpenToIdleMs = await clickToIdle(wall, () => wall.getByRole('button', { name: 'Vue murale' }).click(), 'wall-map');
    const wallDrawn = await wall.evaluate(() => {
      const el = (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="wall-map"]');
      return el?.veilleMap?.queryRenderedFeatures({ layers: ['cases'] }).length ?? 0;
    });
    const heapWith = await heap();
    const rssWith = chromiumRssMB();
    return {
      openToIdleColdMs: Math.round(times[0]!),
      openToIdleWarmMs: summarize(times.slice(1)),
      wallCases: openCases,
      wallDrawn,
      wallOpenToIdleMs: Math.round(wallOpenToIdleMs),
      heapBeforeWallMB: Math.round(heapBefore),
      heapWithWallMB: Math.round(heapWith),
      rssBeforeWallMB: rssBefore,
      rssWithWallMB: rssWith,
      webgl,
    };
  } finally {
    await browser.close();
    host.stop();
    await hub.close();
  }
}

export function formatMapBench(r: MapBenchResult): string {
  return (
    `map (${r.webgl}): open case → map fully drawn (idle) first ${r.openToIdleColdMs} ms, then ${fmt(r.openToIdleWarmMs, 'ms', 0)}\n` +
    `map wall: ${r.wallCases} open cases (500 posted + the demo hub's own), ${r.wallDrawn} drawn; click → idle ${r.wallOpenToIdleMs} ms; ` +
    `renderer JS heap ${r.heapBeforeWallMB} → ${r.heapWithWallMB} MB, renderer RSS ${r.rssBeforeWallMB.renderer} → ${r.rssWithWallMB.renderer} MB, GPU process RSS ${r.rssBeforeWallMB.gpu} → ${r.rssWithWallMB.gpu} MB with the wall map`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = mkdtempSync(join(tmpdir(), 'veille-bench-map-'));
  try {
    console.log(formatMapBench(await benchMap(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The operator's screen under a flood: the real hub (in this process), the real console
 * host (out/main/browser.js) and the real UI in Debian's Chromium. Measures how long
 * thousands of alarms take to be listed, and how fast the queue answers the keyboard then.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { Directory } from '@shared/domain/site';
import { startHub } from '../server/hub/index';
import { summarize, type Summary } from './stats';

export type UiFloodResult = { alarms: number; listedAfterMs: number; keyToFocusMs: Summary; heapUsedMB: number };

const FOCUSED_ID = "(document.activeElement?.id ?? '')";
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

export async function benchUiFlood(dataDir: string, alarms = 3000): Promise<UiFloodResult> {
  const hub = await startHub({ dataDir: join(dataDir, 'hub'), port: 0, demo: true, directory, logger: pino({ level: 'silent' }) });
  const { key } = await hub.createGateway('bench-ui');
  const host = await startConsole(hub.url, join(dataDir, 'console'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    await page.goto(host.url);
    await page.getByLabel('Identifiant').fill('operateur1');
    await page.getByLabel('Mot de passe').fill('veille-demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();

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
    await page.getByText(`${alarms} en file`).waitFor({ timeout: 120_000 });
    const listedAfterMs = performance.now() - t0;

    // Keyboard: ↓ moves the queue cursor; time until the next row holds focus.
    await page.getByRole('list', { name: 'File des alarmes' }).getByRole('listitem').first().focus();
    const keyTimes: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Page-side code as strings: this file is type-checked for Node, without the DOM.
      const before = (await page.evaluate(FOCUSED_ID)) as string;
      const t = performance.now();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(`${FOCUSED_ID} !== ${JSON.stringify(before)}`, undefined, { timeout: 120_000 });
      keyTimes.push(performance.now() - t);
    }
    const heap = (await page.evaluate('performance.memory?.usedJSHeapSize ?? 0')) as number;
    return { alarms, listedAfterMs, keyToFocusMs: summarize(keyTimes), heapUsedMB: Math.round(heap / 1e6) };
  } finally {
    await browser.close();
    host.stop();
    await hub.close();
  }
}

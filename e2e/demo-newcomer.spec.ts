// What a newcomer does after `npm start`: open the printed address, log in with the demo
// credentials, see simulated alarms from Saint-Nazaire, claim one, close it with a reason;
// then the events must be in the console's journal and at the hub.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Running, startConsole } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { consoleJournal, consoleOutboxCount, hubCase, hubJournal } from './fixtures/stores';
import { expectAccessible } from './pages/axe';
import { ConsolePage } from './pages/console-page';

// The smallest screen a centre uses: the queue must be readable at this size, and the screenshots show it.
test.use({ viewport: { width: 1280, height: 720 } });

const siteNames: string[] = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')).sites.map((s: { name: string }) => s.name);

let host: Running;
test.beforeEach(async () => {
  host = await startConsole({ simRate: 20 });
});
test.afterEach(async () => {
  await host.stop();
});

test('demo: log in, see a Saint-Nazaire alarm, claim it, close it, find it journaled locally and at the hub', async ({ page }) => {
  // The case page now carries the map (software WebGL here), the plan, the call panel and the procedure: axe and two
  // consoles on a loaded 2-core machine need more than the default minute. What is timed is asserted with its own timeout.
  test.setTimeout(180_000);
  const consolePage = new ConsolePage(page);
  // The page runs under the console's one CSP (header and build-time <meta>): nothing it needs is refused.
  const cspMessages: string[] = [];
  page.on('console', (m) => void (m.text().includes('Content Security Policy') && cspMessages.push(m.text())));
  // Count the tones the page really starts in Chromium's Web Audio, to hear what the operator hears.
  await page.addInitScript(() => {
    const w = window as unknown as { __tones: number };
    w.__tones = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      w.__tones++;
      return start.apply(this, args);
    };
  });
  await page.goto(host.url);
  await expect(page.getByText('MODE DÉMO — balises simulées, aucun appel réel')).toBeVisible();
  await keepScreenshot(page, 'login');
  await expectAccessible(page, 'login');

  await consolePage.login('operateur1');
  const caseId = await consolePage.firstUnclaimedCaseId();
  const row = consolePage.row(caseId);
  const rowText = (await row.textContent()) ?? '';
  expect(siteNames.some((name) => rowText.includes(name)), `row names a demo site: ${rowText}`).toBe(true);
  await keepScreenshot(page, 'queue');
  await expectAccessible(page, 'queue');
  // A new alarm is announced by a sound, not only on screen.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(0);

  await consolePage.open(caseId);
  await consolePage.claim();
  await expect(row).toContainText('Pris par vous');
  await expect(page.getByRole('button', { name: 'Prendre en charge' })).toBeDisabled();
  await keepScreenshot(page, 'case');
  await expectAccessible(page, 'case');

  // The first alarm may be of any kind (life-safety, technical, drill): this code fits them all.
  await consolePage.close('Fausse alarme — défaut technique', 'Balise déclenchée par erreur');
  await expect(row).toHaveCount(0);

  const hubDir = join(host.dataDir, 'hub');
  // Each command: the operator's intent, then the hub's outcome, once each.
  await expect
    .poll(() => hubJournal(hubDir, caseId).map((e) => e.type).filter((t) => t.startsWith('case.')).sort())
    .toEqual(['case.claim-requested', 'case.claimed', 'case.close-requested', 'case.closed']);
  expect(hubCase(hubDir, caseId)).toMatchObject({ status: 'closed', closure_code: 'false-alarm-technical' });
  // The journal file is held exclusively while the console runs (one console per journal).
  await host.stop();
  const local = consoleJournal(host.dataDir, caseId);
  // The procedure's events (script.*) come with them: docs/SCRIPTS.md.
  expect(local.map((e) => e.type).filter((t) => t.startsWith('case.'))).toEqual(['case.claim-requested', 'case.claimed', 'case.close-requested', 'case.closed']);
  expect(local.map((e) => e.id).sort()).toEqual(hubJournal(hubDir, caseId).map((e) => e.id).sort());
  expect(consoleOutboxCount(host.dataDir)).toBe(0);
  expect(cspMessages, 'Content Security Policy messages in the page console').toEqual([]);
});

test('demo: a wrong password gets a clear French refusal and no session', async ({ page }) => {
  await page.goto(host.url);
  await page.getByLabel('Identifiant').fill('operateur1');
  await page.getByLabel('Mot de passe').fill('pas-le-bon');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText(/identifiant ou mot de passe/i);
  await expectAccessible(page, 'login refused');
  await expect(page.getByRole('list', { name: 'File des alarmes' })).toHaveCount(0);
});

test('browser mode refuses a page without the launch token', async ({ page }) => {
  const url = new URL(host.url);
  url.searchParams.delete('token');
  await page.goto(url.toString());
  await expect(page.getByText(/ouvrez l’adresse complète affichée au lancement/)).toBeVisible();
  await expectAccessible(page, 'missing token');
  const status = await page.evaluate(async (u) => {
    const ws = new WebSocket(u.replace(/^http/, 'ws').replace(/\/\?.*$/, '/api?token=wrong'));
    return await new Promise<string>((resolve) => {
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
  }, host.url);
  expect(status).toBe('refused');
});

// The hub goes away under a logged-in operator: within seconds a red banner says new alarms no
// longer reach this console; when a hub comes back on the same port and data, the banner goes
// and the queue works again. Real hub processes, real console host, real Chromium.
import { expect, test } from '@playwright/test';
import { type Running, startConsole, startHub } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { expectAccessible } from './pages/axe';
import { ConsolePage } from './pages/console-page';

test.use({ viewport: { width: 1280, height: 720 } });

const BANNER = 'Hub injoignable — les nouvelles alarmes n’arrivent plus sur ce poste';

let hub: Running;
let host: Running;
let second: Running | null = null;

test.beforeEach(async () => {
  hub = await startHub({ simulate: true });
  host = await startConsole({ hubUrl: hub.url });
});
test.afterEach(async () => {
  await host.stop();
  await second?.stop();
  second = null;
  await hub.stop();
});

test('hub stopped: a red banner within seconds; hub back on the same port: the banner goes and the queue works', async ({ page }) => {
  const consolePage = new ConsolePage(page);
  await page.goto(host.url);
  await consolePage.login('operateur1');
  const caseId = await consolePage.firstUnclaimedCaseId();
  const banner = page.getByRole('alert').filter({ hasText: BANNER });
  await expect(banner).toHaveCount(0);

  await hub.stop();
  // 5 s of grace (a restart should not ring), then the banner; the host notices the drop first.
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Hub injoignable', { exact: true })).toBeVisible();
  await keepScreenshot(page, 'hub-down');
  await expectAccessible(page, 'hub down');

  second = await startHub({ port: Number(new URL(hub.url).port), dataDir: hub.dataDir });
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByText('Hub connecté')).toBeVisible();
  // The queue is back and live: the case from before is listed and can be taken.
  await expect(consolePage.row(caseId)).toBeVisible();
  await consolePage.open(caseId);
  await consolePage.claim();
  await expect(consolePage.row(caseId)).toContainText('Pris par vous');
});

test('hub stopped: a closure of the operator’s case waits, said on screen; hub back: it is applied once and the waiting count goes', async ({ page }) => {
  const consolePage = new ConsolePage(page);
  await page.goto(host.url);
  await consolePage.login('operateur1');
  const caseId = await consolePage.firstUnclaimedCaseId();
  await consolePage.open(caseId);
  await consolePage.claim();
  await expect(consolePage.row(caseId)).toContainText('Pris par vous');

  await hub.stop();
  await expect(page.getByText('Hub injoignable', { exact: true })).toBeVisible({ timeout: 20_000 });
  // Nothing waits on the network: the closure is journaled and queued at once.
  await consolePage.close('Fausse alarme — défaut technique', 'Balise tombée du mur');
  await expect(page.getByText('Clôture en attente du hub…')).toBeVisible();
  const waiting = page.getByRole('button', { name: /1 action en attente de transmission/ });
  await expect(waiting).toBeVisible();
  await keepScreenshot(page, 'closure-waiting');
  await expectAccessible(page, 'closure waiting');

  second = await startHub({ port: Number(new URL(hub.url).port), dataDir: hub.dataDir });
  await expect(page.getByText('Hub connecté')).toBeVisible({ timeout: 30_000 });
  await expect(waiting).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText('Clôture en attente du hub…')).toBeHidden();
  await expect(consolePage.row(caseId)).toBeHidden();
});

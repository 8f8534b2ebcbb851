// The case map end to end in Chromium. WebGL runs on SwiftShader here (this Chromium has
// --disable-gpu): the test prints the renderer's name. Opening a case draws the offline
// basemap with street names and the beacon's marker where the beacon is, the nearest
// stations are listed, A copies the address, and no request leaves 127.0.0.1 meanwhile.
import { expect, test, type Page } from '@playwright/test';
import { type Running, startConsole } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { colourCount, pixel, readMap } from './map-facts';
import { ConsolePage } from './pages/console-page';

let consoleHost: Running;

// SwiftShader draws a street-level map on two shared cores: slow, never timed here.
test.setTimeout(300_000);
test.beforeEach(async () => {
  consoleHost = await startConsole();
});
test.afterEach(async () => {
  await consoleHost.stop();
});

/** Every request the page and its workers make. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  return urls;
}

function offMachine(urls: string[]): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    const host = new URL(u).hostname;
    return host !== '127.0.0.1';
  });
}

async function openFirstCase(page: Page, user: string): Promise<string> {
  await page.goto(consoleHost.url);
  const operator = new ConsolePage(page);
  await operator.login(user);
  const caseId = await operator.firstUnclaimedCaseId();
  await operator.open(caseId);
  return caseId;
}

test('opening a case shows the offline map: street names, the beacon at its coordinates, nothing off 127.0.0.1', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleHost.url).origin });
  const requests = recordRequests(page);
  await openFirstCase(page, 'operateur1');

  const mapBox = page.getByTestId('case-map-canvas');
  await expect(mapBox).toHaveAttribute('data-map-state', 'idle', { timeout: 120_000 });
  const facts = await readMap(page, 'case-map-canvas');
  console.log(`WebGL renderer: ${facts.renderer}; zoom ${facts.zoom.toFixed(1)}; ${facts.streets.length} street labels, e.g. ${[...new Set(facts.streets)].slice(0, 5).join(', ')}`);

  const section = page.getByTestId('case-map');
  await section.scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'map-case');
  await section.screenshot({ path: 'e2e/screenshots/map-case-section.png' });

  // The beacon's marker is where the case says the alarm is.
  const shown = (await page.locator('dt', { hasText: /^Position$/ }).locator('xpath=following-sibling::dd[1]').first().textContent())!.trim();
  expect(facts.beacon).not.toBeNull();
  expect(`${facts.beacon![1].toFixed(5)}, ${facts.beacon![0].toFixed(5)}`).toBe(shown);
  // …and drawn there: the marker's red at its projected pixel.
  const [r, g, b] = pixel(facts, facts.beaconPixel!.x, facts.beaconPixel!.y);
  expect(r).toBeGreaterThan(200);
  expect(g).toBeLessThan(90);
  expect(b).toBeLessThan(90);
  // A drawn street map, not a blank canvas: many colours, and street names from the basemap.
  expect(colourCount(facts)).toBeGreaterThan(12);
  expect(facts.streets.length).toBeGreaterThan(1);
  expect(facts.streets.some((s) => /^(Rue|Boulevard|Avenue|Allée|Place|Route|Impasse|Chemin|Quai|Square|Passage) /.test(s))).toBe(true);
  await expect(mapBox).toContainText('OpenStreetMap');

  // The nearest stations with their straight-line distance.
  await expect(section.locator('[data-map-field="fire"]')).toContainText(/km|m à vol d’oiseau/);
  await expect(section.locator('[data-map-field="police"]')).toContainText('à vol d’oiseau');


  // One key copies the address for 17 / 18.
  await page.locator('body').focus();
  await page.keyboard.press('a');
  await expect(section.getByTestId('map-copy-status')).toContainText('copiés');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const address = (await page.locator('dt', { hasText: /^Adresse$/ }).locator('xpath=following-sibling::dd[1]').first().textContent())!.trim();
  expect(copied).toContain('Adresse : ');
  expect(copied).toContain(address.split(',')[0]!);
  expect(copied).toContain('Pompiers les plus proches : ');

  expect(offMachine(requests), 'requests that left 127.0.0.1').toEqual([]);
  expect(requests.some((u) => u.includes('/map/basemap/saint-nazaire.pmtiles'))).toBe(true);
  expect(requests.some((u) => u.includes('/map/glyphs/Roboto'))).toBe(true);
});

test('the supervisor’s wall view shows every open case on one map, and leads back to the console', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto(consoleHost.url);
  const supervisor = new ConsolePage(page);
  await supervisor.login('superviseur');
  await supervisor.firstUnclaimedCaseId();

  await page.getByRole('button', { name: 'Vue murale' }).click();
  const wall = page.getByTestId('wall-map');
  await expect(wall).toHaveAttribute('data-map-state', 'idle', { timeout: 120_000 });
  const facts = await readMap(page, 'wall-map');
  expect(facts.caseCount).toBeGreaterThan(0);
  expect(colourCount(facts)).toBeGreaterThan(12);
  await expect(page.getByTestId('wall-counts')).toContainText('dossiers');
  await keepScreenshot(page, 'map-wall');

  await page.getByRole('button', { name: 'Retour à la console' }).click();
  await expect(supervisor.queue).toBeVisible();
  expect(offMachine(requests), 'requests that left 127.0.0.1').toEqual([]);
});

test('Mapbox asked in the settings without a token: a clear notice, and the offline map still draws', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto(consoleHost.url);
  await page.evaluate(() => window.localStorage.setItem('veille.map.engine', 'mapbox'));
  await openFirstCase(page, 'operateur1');
  await expect(page.getByText('Moteur Mapbox demandé sans jeton Mapbox')).toBeVisible();
  const mapBox = page.getByTestId('case-map-canvas');
  await expect(mapBox).toHaveAttribute('data-map-state', 'idle', { timeout: 120_000 });
  expect(colourCount(await readMap(page, 'case-map-canvas'))).toBeGreaterThan(12);
  expect(offMachine(requests), 'requests that left 127.0.0.1').toEqual([]);
});

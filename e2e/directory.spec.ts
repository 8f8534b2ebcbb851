// The site directory end to end, two consoles and one hub process (demo directory, plans):
// an operator's case at Collège Anita Conti shows the floor plan with the beacon's room
// highlighted; the admin edits the site's PPMS instructions on the other console; the
// operator's case view shows them live; the edit is in the directory's journal at the hub
// and in the admin console's journal (sent on to the hub's journal).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { type Running, type RunningHub, startConsole, startHub } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { expectAccessible } from './pages/axe';
import { ConsolePage } from './pages/console-page';

let hub: RunningHub;
let consoles: Running[] = [];

test.beforeEach(async () => {
  hub = await startHub();
  consoles = await Promise.all([startConsole({ hubUrl: hub.url }), startConsole({ hubUrl: hub.url })]);
});
test.afterEach(async () => {
  await Promise.all(consoles.map((c) => c.stop()));
  await hub.stop();
});

async function openConsole(browser: Browser, host: Running, username: string): Promise<ConsolePage> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.url);
  const c = new ConsolePage(page);
  await c.login(username);
  return c;
}

/** An intrusion alarm from the beacon, through the hub's HTTP ingest with a gateway key made by the hub's admin command. */
async function raiseAlarm(beaconId: string): Promise<string> {
  const key = execFileSync(process.execPath, ['out/main/hub.js', 'gateway', 'add', 'e2e-directory', '--data-dir', hub.dataDir], { encoding: 'utf8' }).trim();
  const res = await fetch(`${hub.url}/api/v1/alarms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ beaconId, reference: ulid(), kind: 'ppms.intrusion', occurredAt: new Date().toISOString() }),
  });
  expect(res.ok).toBe(true);
  return ((await res.json()) as { caseId: string }).caseId;
}

function rows<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

test("an admin's directory edit reaches a second console live and is journaled; the plan shows the beacon's room", async ({ browser }) => {
  // Two consoles, a hub and two pages on a shared 2-core machine: generous, never a speed measure.
  test.setTimeout(300_000);
  const planFile = JSON.parse(readFileSync('resources/plans/school-0442759k.geojson', 'utf8')) as { features: { properties: { id?: string; name?: string } }[] };
  const directory = JSON.parse(readFileSync('resources/demo/directory.json', 'utf8')) as { beacons: { id: string; placement?: { roomId: string } }[] };
  const roomId = directory.beacons.find((b) => b.id === 'SN-PPMS-017')!.placement!.roomId;
  const room = planFile.features.find((f) => f.properties.id === roomId)!.properties.name!;

  const operator = await openConsole(browser, consoles[1]!, 'operateur1');
  const admin = await openConsole(browser, consoles[0]!, 'admin');
  const caseId = await raiseAlarm('SN-PPMS-017');
  await operator.open(caseId);
  const focus = operator.page.getByTestId('plan-focus-room');
  await expect(focus).toHaveText(`Balise SN-PPMS-017 : ${room} — 1er étage`);
  const lit = operator.page.getByTestId('site-plan').locator('[data-highlighted]');
  await expect(lit).toHaveCount(1);
  await expect(lit).toHaveAttribute('aria-label', `${room} — salle de la balise`);
  await expect(lit).toBeVisible();
  await operator.page.getByRole('heading', { name: 'Plan du site et consignes PPMS' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await keepScreenshot(operator.page, 'directory-case-plan');

  // The admin changes the site's PPMS instructions in the directory screen.
  const notes = `Mise à l’abri au CDI, rideaux baissés — ${ulid().slice(-6)}`;
  await admin.page.getByRole('button', { name: 'Annuaire des sites' }).click();
  const dialog = admin.page.getByRole('dialog', { name: 'Annuaire des sites' });
  await dialog.getByLabel('Rechercher un site').fill('Anita');
  await dialog.getByRole('button', { name: /Collège Anita Conti/ }).click();
  await dialog.getByLabel('Consignes', { exact: true }).fill(notes);
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /Enregistré \(révision 2\) : PPMS/ })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Journal de l’annuaire' }).getByRole('listitem').first()).toContainText('Rév. 2');
  await expect(dialog.getByRole('list', { name: 'Journal de l’annuaire' }).getByRole('listitem').first()).toContainText('Administration · site Collège Anita Conti : PPMS');
  await keepScreenshot(admin.page, 'directory-admin');
  await expectAccessible(admin.page, 'directory screen');

  // Live on the other console, in the open case, without a reload.
  await expect(operator.page.getByText(notes)).toBeVisible({ timeout: 5_000 });
  // The plan section only: axe over the whole case page (a WebGL map in software) takes minutes here.
  const plan = await new AxeBuilder({ page: operator.page }).include('section[aria-labelledby="case-plan-title"]').analyze();
  expect(plan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Journaled: the hub's directory journal, and the admin console's journal sent on to the hub's.
  const changes = rows<{ revision: number; op: string; actor_name: string; summary: string }>(join(hub.dataDir, 'hub.sqlite'), 'SELECT revision, op, actor_name, summary FROM directory_changes ORDER BY revision');
  expect(changes.at(-1)).toEqual({ revision: 2, op: 'site.save', actor_name: 'Administration', summary: 'PPMS' });
  await expect
    .poll(() => rows<{ type: string }>(join(hub.dataDir, 'hub.sqlite'), "SELECT type FROM journal WHERE type = 'directory.edited'").length, { timeout: 10_000 })
    .toBe(1);
});

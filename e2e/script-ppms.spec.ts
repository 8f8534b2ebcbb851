// A PPMS intrusion handled with the keyboard alone, from the alarm to the closure, through
// its procedure: discreet listening → 17 → the city → close. Real hub and console
// processes, real Chromium. The test counts every key pressed from the alarm on: the
// police must be called within 5. An early closure is refused without a reason; the
// journal holds one event per step with its outcome; focus then goes to the next alarm.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { type Running, type RunningHub, startConsole, startHub } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { hubCase } from './fixtures/stores';
import { expectAccessible } from './pages/axe';
import { ConsolePage } from './pages/console-page';

let hub: RunningHub;
let host: Running;
let gatewayKey: string;

test.beforeEach(async () => {
  hub = await startHub();
  host = await startConsole({ hubUrl: hub.url });
  gatewayKey = execFileSync(process.execPath, ['out/main/hub.js', 'gateway', 'add', 'e2e-scripts', '--data-dir', hub.dataDir], { encoding: 'utf8' }).trim();
});
test.afterEach(async () => {
  await host.stop();
  await hub.stop();
});

async function raiseIntrusion(beaconId: string, text: string): Promise<string> {
  const res = await fetch(`${hub.url}/api/v1/alarms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gatewayKey}` },
    body: JSON.stringify({ beaconId, reference: ulid(), kind: 'ppms.intrusion', occurredAt: new Date().toISOString(), text }),
  });
  expect(res.ok).toBe(true);
  return ((await res.json()) as { caseId: string }).caseId;
}

type ScriptEvent = { type: string; payload: { stepId?: string; outcome?: string; reason?: string } };
function scriptEvents(caseId: string): ScriptEvent[] {
  const db = new Database(join(host.dataDir, 'journal.sqlite'), { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const rows = db.prepare("SELECT type, payload FROM events WHERE case_id = ? AND type LIKE 'script.%' ORDER BY seq").all(caseId) as { type: string; payload: string }[];
    return rows.map((r) => ({ type: r.type, payload: JSON.parse(r.payload) as ScriptEvent['payload'] }));
  } finally {
    db.close();
  }
}

/** Every key goes through here: the count is the operator's effort. */
function keyboard(page: Page) {
  let count = 0;
  return {
    press: async (key: string) => {
      count += 1;
      await page.keyboard.press(key);
    },
    get count() {
      return count;
    },
  };
}

test('PPMS intrusion from the alarm to the closure with the keyboard alone: police called within 5 keys, one journal event per step', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(host.url);
  const console_ = new ConsolePage(page);
  await console_.login('operateur1');

  const caseId = await raiseIntrusion('SN-PPMS-001', 'Individu armé côté cour');
  await expect(console_.row(caseId)).toBeVisible();
  const keys = keyboard(page);

  // P takes the alarm under the cursor; the procedure starts and its first step takes focus.
  await keys.press('p');
  const listen = page.locator('[data-step-id="listen"]');
  await expect(listen).toBeFocused();
  await expect(page.getByRole('heading', { name: /Procédure : PPMS attentat-intrusion/ })).toBeVisible();
  await keys.press('Enter');
  await expect(listen.getByRole('status')).toHaveText(/Écoute en cours/);
  await keys.press('1');

  const call17 = page.locator('[data-step-id="call-17"]');
  await expect(call17).toBeFocused();
  await expect(call17.getByTestId('contact-number')).toHaveText('17');
  await expect(call17).toContainText('Individu armé côté cour');
  await keys.press('Enter');
  await expect(call17.getByRole('status')).toHaveText(/Appel en cours/);
  const toPolice = keys.count;
  expect(toPolice).toBeLessThanOrEqual(5);
  await keepScreenshot(page, 'script-ppms-call-17');
  await expectAccessible(page, 'script stepper');

  // Closing now is refused: the required steps are named, and without a reason the engine says no.
  await keys.press('c');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status').filter({ hasText: 'Étapes obligatoires non faites' })).toContainText('Appeler le 17 (police)');
  await expect(dialog.getByRole('radio')).toHaveCount(5);
  await keys.press('1');
  await keys.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('indiquez le motif pour clore quand même');
  await keepScreenshot(page, 'script-ppms-early-close-refused');
  await expectAccessible(page, 'closing refused for open steps');
  expect(hubCase(hub.dataDir, caseId).status).toBe('claimed');
  await keys.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(call17).toBeFocused();

  // 17 reached; the city's safety officer; the head's SMS skipped (optional); close.
  await keys.press('1');
  const city = page.locator('[data-step-id="call-city"]');
  await expect(city).toBeFocused();
  await keys.press('Enter');
  await keys.press('1');
  await expect(page.locator('[data-step-id="notify-head"]')).toBeFocused();
  // A second alarm meanwhile: after the closure, focus goes to it.
  const nextId = await raiseIntrusion('SN-PPMS-002', 'Bruits suspects');
  await expect(console_.row(nextId)).toBeVisible();
  await keys.press('s');
  const closeStep = page.locator('[data-step-id="close"]');
  await expect(closeStep).toBeFocused();
  await keys.press('Enter');
  await expect(dialog.getByRole('radio')).toHaveCount(5);
  await expect(dialog.getByRole('status').filter({ hasText: 'Étapes obligatoires' })).toHaveCount(0);
  await keys.press('1');
  await expect(dialog.getByRole('radio', { name: '1 · Alarme réelle — secours engagés' })).toBeChecked();
  await keepScreenshot(page, 'script-ppms-close');
  await keys.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(console_.row(nextId)).toBeFocused();
  // The next alarm is the one on screen now.
  await expect(page.locator('section[aria-labelledby="case-title"]')).toContainText('Bruits suspects');

  await expect.poll(() => hubCase(hub.dataDir, caseId).status).toBe('closed');
  expect(hubCase(hub.dataDir, caseId).closure_code).toBe('real-alarm-escalated');
  // The console holds its journal exclusively while it runs: read it once it has stopped.
  await host.stop();
  const events = scriptEvents(caseId);
  expect(events.map((e) => e.type)).toEqual([
    'script.started',
    'script.step-begun',
    'script.step-done',
    'script.step-begun',
    'script.step-done',
    'script.step-begun',
    'script.step-done',
    'script.step-skipped',
    'script.closed',
  ]);
  expect(events.filter((e) => e.type === 'script.step-done' || e.type === 'script.closed').map((e) => [e.payload.stepId ?? 'close', e.payload.outcome])).toEqual([
    ['listen', 'confirmed'],
    ['call-17', 'reached'],
    ['call-city', 'reached'],
    ['close', 'real-alarm-escalated'],
  ]);
  // The refused early closure took 4 of them (C, 1, Enter, Escape).
  expect(keys.count).toBe(15);
  console.log(`keys from the alarm: ${toPolice} to call the police, ${keys.count} to the closure (4 of them for the refused early closure)`);
});

// A real SCAIP beacon path end to end: SIPp plays a school's PPMS beacon (digest auth with
// the demo credentials) against the hub process; the alarm shows in the operator's queue in
// Chromium; the beacon is told HOLD and keeps re-sending; when the operator takes the case,
// the beacon receives snu 0 with mre 2 (discreet listening: its speaker stays muted).
import { expect, test } from '@playwright/test';
import { mrqXml, runSipp, stopAllSipp } from '../server/hub/scaip/sipp/sipp-runner';
import { type Running, type RunningHub, startConsole, startHub } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { hubCase } from './fixtures/stores';
import { expectAccessible } from './pages/axe';
import { ConsolePage } from './pages/console-page';

let hub: RunningHub;
let consoleHost: Running;

test.beforeEach(async () => {
  hub = await startHub();
  consoleHost = await startConsole({ hubUrl: hub.url });
});
test.afterEach(async () => {
  await stopAllSipp();
  await consoleHost.stop();
  await hub.stop();
});

test('a PPMS beacon over SCAIP: queued in Chromium, HOLD until the operator takes it, then snu 0 with discreet listening', async ({ page }) => {
  await page.goto(consoleHost.url);
  const operator = new ConsolePage(page);
  await operator.login('operateur1');

  // SN-PPMS-001: the demo's beacon at École Sainte Bernadette (demo password veille-demo, docs/SCAIP.md).
  const ref = 'E2E1';
  const beacon = await runSipp({
    scenario: 'luc-alarm-hold.xml',
    vars: { BODY: mrqXml({ ref, cid: '4400001', dty: '0002', stc: '0010', dco: '002', lte: 'Classe de CM2' }), RESEND_MS: 1000, MIN_HOLDS: 1, EXPECT_MRE: 2 },
    target: hub.sip,
    beaconId: 'SN-PPMS-001',
    password: 'veille-demo',
    timeoutS: 50,
  });

  const caseId = await operator.firstUnclaimedCaseId();
  const row = operator.row(caseId);
  await expect(row).toContainText('Sainte Bernadette');
  await expect(row).toContainText('Non pris en charge');
  await keepScreenshot(page, 'scaip-beacon-queued');
  await expectAccessible(page, 'queue with a SCAIP alarm');
  expect(hubCase(hub.dataDir, caseId)).toMatchObject({ status: 'open' });

  await operator.open(caseId);
  await expect(page.getByText('Classe de CM2').first()).toBeVisible();
  await expectAccessible(page, 'case of a SCAIP alarm');
  await operator.claim();
  await expect(row).toContainText('Pris par vous');

  const result = await beacon.done;
  expect(result.code, `${result.log}\n${result.errors}`).toBe(0);
  expect(result.log).toContain('HOLD for ref E2E1');
  expect(result.log).toContain('OK for ref E2E1: snu 0 mre 2');
});

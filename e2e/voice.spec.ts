// Levée de doute by voice, end to end: the hub process, the console in browser mode, a PPMS
// beacon's alarm played by SIPp and its voice by the simulator's beacon (French speech,
// records what its room hears). Chromium's microphone is a generated 1.5 kHz tone file.
// The operator takes the intrusion, the beacon calls: the operator listens discreetly (the
// received level moves, nothing is sent), then talks (the beacon's recording holds the
// tone); hanging up clears the beacon down; the case history shows the listening and talking
// periods; the recording plays back from the case.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import wavefile from 'wavefile';
import { toneLevel } from '../main/voice/media/tone';
import { mrqXml, runSipp, stopAllSipp } from '../server/hub/scaip/sipp/sipp-runner';
import { startBeaconVoice, type BeaconVoice } from '../server/simulator/voice/beacon-voice';
import { type Running, type RunningHub, startConsole, startHub, tempDataDir } from './fixtures/processes';
import { keepScreenshot } from './fixtures/screens';
import { expectAccessible } from './pages/axe';
import { ConsolePage } from './pages/console-page';

const MIC_HZ = 1500;
const BEACON = 'SN-PPMS-001';

/** The fake microphone: 48 kHz 16-bit mono, a steady tone Chromium loops. */
function micToneFile(): string {
  const rate = 48_000;
  const samples = new Int16Array(rate * 4);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * MIC_HZ * i) / rate) * 0.5 * 32767);
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '16', samples);
  const file = join(mkdtempSync(join(tmpdir(), 'veille-mic-')), `mic-${MIC_HZ}hz.wav`);
  writeFileSync(file, wav.toBuffer());
  return file;
}

test.use({
  permissions: ['microphone'],
  launchOptions: {
    executablePath: process.env.VEILLE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${micToneFile()}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

let hub: RunningHub | undefined;
let consoleHost: Running | undefined;
let beacons: BeaconVoice | undefined;

test.beforeEach(async () => {
  hub = await startHub();
  // The console's SIP beside the hub's 127.0.0.1 and the simulated beacons' 127.0.0.2 (the sip package never sends to its own address).
  consoleHost = await startConsole({ hubUrl: hub.url, args: ['--sip-host', '127.0.0.3'] });
  beacons = await startBeaconVoice({ hub: hub.sip, address: '127.0.0.2', credentials: (id) => ({ user: id, password: 'veille-demo' }), recordDir: tempDataDir('beacon-voice') });
});
test.afterEach(async () => {
  await beacons?.close();
  await stopAllSipp();
  await consoleHost?.stop();
  await hub?.stop();
  hub = consoleHost = beacons = undefined;
});

/** The strongest `hz` over 200 ms windows of a signal. */
function loudestWindow(samples: ArrayLike<number>, hz: number): number {
  const s = Int16Array.from(samples as ArrayLike<number>);
  let best = 0;
  for (let at = 0; at + 1600 <= s.length; at += 800) best = Math.max(best, toneLevel(s.subarray(at, at + 1600), hz));
  return best;
}

test('PPMS intrusion: discreet listening through the beacon, then talk; the periods in the history; the recording plays back', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(consoleHost!.url);
  const operator = new ConsolePage(page);
  await operator.login('operateur1');

  const alarm = await runSipp({
    scenario: 'luc-alarm-hold.xml',
    vars: { BODY: mrqXml({ ref: 'VOX1', cid: '4400001', dty: '0002', stc: '0010', dco: '002', crd: beacons!.crdOf(BEACON), lte: 'Classe de CM2' }), RESEND_MS: 1000, MIN_HOLDS: 1, EXPECT_MRE: 2 },
    target: hub!.sip,
    beaconId: BEACON,
    password: 'veille-demo',
    timeoutS: 50,
  });
  const caseId = await operator.firstUnclaimedCaseId();
  await operator.open(caseId);
  await operator.claim();
  await expect(operator.row(caseId)).toContainText('Pris par vous');
  const told = await alarm.done;
  expect(told.code, `${told.log}\n${told.errors}`).toBe(0);
  expect(told.log).toContain('snu 0 mre 2');

  // The beacon calls the centre (SCAIP use case 1, discreet: mre 2); the operator's console answers.
  const beaconCall = await beacons!.call(BEACON, 2);
  expect(beaconCall).not.toBeNull();
  const panel = page.getByRole('region', { name: 'Phonie avec la balise' });
  await expect(panel.getByRole('status').first()).toContainText('En ligne');
  const modes = panel.getByRole('group', { name: 'Mode de phonie' });
  await expect(modes.getByRole('button', { name: /Écoute discrète/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByText('Micro fermé', { exact: true })).toBeVisible();
  await expect(panel.getByText('Enregistré', { exact: true })).toBeVisible();

  // Its speech reaches the page: the received level moves. The microphone is live in the page, yet nothing of it reaches the beacon.
  const received = panel.getByRole('meter', { name: 'Niveau reçu' });
  await expect.poll(async () => Number(await received.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(2);
  await expect.poll(async () => Number(await panel.getByRole('meter', { name: 'Votre micro' }).getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(2);
  expect(beaconCall!.soundFramesIn()).toBe(0);
  await keepScreenshot(page, 'voice-discreet-listening');

  // Talk: the beacon goes duplex and hears the operator's microphone.
  await modes.getByRole('button', { name: /Parler/ }).click();
  await expect(panel.getByText('Micro ouvert', { exact: true })).toBeVisible();
  await expect.poll(async () => Number(await panel.getByRole('meter', { name: 'Votre micro' }).getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(2);
  await expect.poll(() => beaconCall!.soundFramesIn(), { timeout: 20_000 }).toBeGreaterThan(100);

  await panel.getByRole('button', { name: /Raccrocher/ }).click();
  const ended = await beaconCall!.ended;
  expect(beaconCall!.digits).toContain('4');
  expect(beaconCall!.digits.at(-1)).toBe('0');
  const heard = new wavefile.WaveFile(await import('node:fs').then((fs) => fs.readFileSync(ended.recording.file)));
  const room = (heard.getSamples(false, Int16Array) as unknown as Int16Array[])[0]!;
  expect(loudestWindow(room, MIC_HZ)).toBeGreaterThan(0.05);

  // The journal shows the periods, in the case's history.
  const history = page.getByRole('region', { name: 'Historique du dossier' });
  await expect(history.getByText('Période d’écoute ou de parole')).toHaveCount(2);
  await expect(history.getByText(/Écoute discrète/).first()).toBeVisible();
  await expect(history.getByText(/Parler \(micro ouvert\)/).first()).toBeVisible();

  // The recording plays back from the case.
  const recordings = page.getByRole('region', { name: 'Enregistrements du dossier' });
  await expect(recordings.getByText(new RegExp(`Appel ${BEACON}`))).toBeVisible();
  await recordings.getByRole('button', { name: 'Écouter' }).first().click();
  await expect.poll(() => recordings.locator('audio').first().evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.2);
  await keepScreenshot(page, 'voice-recording-playback');
  await expectAccessible(page, 'case with its call recording');
});

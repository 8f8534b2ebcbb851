// The operator's audio path in real Chromium, browser mode: Chromium's fake microphone plays
// a 440 Hz tone; the capture AudioWorklet (8 kHz context, loaded under the console's CSP)
// cuts it into 20 ms frames that reach main's AudioPort over the /audio socket only once the
// operator talks; main's playout frames (a 1 kHz tone) reach the page's playout worklet and
// its level meter. Main's side runs in main/testing/audio-harness.ts (the real browser-mode
// server and audio socket; a mock host holds the call: the call manager has voice.spec.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import wavefile from 'wavefile';
import { keepScreenshot } from './fixtures/screens';
import { expectAccessible } from './pages/axe';

// The fake microphone's file must exist before Chromium starts (it reads it at launch).
const micDir = join(tmpdir(), `veille-e2e-mic-${process.pid}`);
const micFile = join(micDir, 'tone-440.wav');
mkdirSync(micDir, { recursive: true });
{
  const rate = 48_000;
  const samples = Array.from({ length: rate * 2 }, (_, i) => Math.round(12_000 * Math.sin((2 * Math.PI * 440 * i) / rate)));
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '16', samples);
  writeFileSync(micFile, wav.toBuffer());
}

test.use({
  permissions: ['microphone'],
  launchOptions: {
    executablePath: process.env.VEILLE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micFile}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

type Report = { attached: boolean; captured: number; badFrames: number; frameSizes: number[]; dominantHz: number | null; modes: string[]; gapsMs: { p50: number; p95: number; max: number } | null };

let harness: ChildProcess;
let url: string;
let last: Report = { attached: false, captured: 0, badFrames: 0, frameSizes: [], dominantHz: null, modes: [], gapsMs: null };

test.beforeEach(async () => {
  harness = spawn(process.execPath, ['--import', 'tsx', 'main/testing/audio-harness.ts', 'out/renderer'], {
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve('tsconfig.node.json') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`audio harness not ready:\n${out}`)), 60_000);
    harness.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (line.startsWith('AUDIO_REPORT ')) last = JSON.parse(line.slice('AUDIO_REPORT '.length)) as Report;
        const ready = /^AUDIO_HARNESS (\S+)/.exec(line);
        if (ready?.[1]) {
          clearTimeout(timer);
          done(ready[1]);
        }
      }
      out = out.slice(out.lastIndexOf('\n') + 1);
    });
  });
});
test.afterEach(async () => {
  const exited = new Promise((done) => harness.once('exit', done));
  harness.kill('SIGTERM');
  await exited;
});

test('the fake microphone reaches main only while the operator talks, and main’s audio reaches the page', async ({ page }) => {
  test.setTimeout(180_000);
  const meter = (name: string) => async () => Number(await panel.getByRole('meter', { name }).getAttribute('aria-valuenow'));
  await page.goto(url);
  await page.getByRole('listitem', { name: /École Jean Jaurès/ }).click();
  const panel = page.getByRole('region', { name: 'Phonie avec la balise' });
  await expect(panel.getByRole('button', { name: /Raccrocher/ })).toBeVisible();
  await expect.poll(() => last.attached, { timeout: 30_000 }).toBe(true);

  // Main plays a 1 kHz tone to the operator, 50 frames a second as the call manager does.
  harness.stdin!.write('play\n');
  await expect.poll(meter('Niveau reçu'), { timeout: 30_000 }).toBeGreaterThan(20);
  // The microphone runs (its meter moves) but nothing of it has left the page: discreet listening.
  await expect.poll(meter('Votre micro'), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(last.captured).toBe(0);

  await page.keyboard.press('Alt+Shift+P');
  await expect(panel.getByRole('button', { name: /Parler \(micro ouvert\)/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('banner').getByText('Micro ouvert')).toBeVisible();
  await expect.poll(() => last.captured, { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
  // One second of the operator's voice as main receives it: 160-sample frames of the fake microphone's 440 Hz.
  await expect.poll(() => Math.abs((last.dominantHz ?? 0) - 440), { timeout: 10_000 }).toBeLessThan(20);
  expect(last).toMatchObject({ frameSizes: [160], badFrames: 0, modes: ['talk'] });
  // For the record (not asserted: a shared machine): how evenly frames reach main, and the page's playout counters.
  await expect(panel.getByTestId('call-audio-stats')).not.toContainText(' 0 reçues');
  const stats = await panel.getByTestId('call-audio-stats').textContent();
  console.log(`[operator-audio] capture gaps at main (ms): ${JSON.stringify(last.gapsMs)}; ${last.captured} frames; page: ${stats}`);

  await keepScreenshot(page, 'call-talk');
  await expectAccessible(page, 'case with a live call');

  // English, push-to-talk: the microphone goes out only while Space is held.
  await page.getByRole('button', { name: 'EN — English' }).click();
  const voice = page.getByRole('region', { name: 'Voice with the beacon' });
  await page.keyboard.press('Alt+Shift+A');
  await expect(voice.getByRole('button', { name: /Push-to-talk/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('banner').getByText('Mic closed')).toBeVisible();
  // The focus leaves the language buttons (Space on a focused control is that control's).
  await voice.getByRole('heading', { name: 'Voice with the beacon' }).click();
  const before = last.captured;
  await page.keyboard.down('Space');
  await expect(voice.getByRole('button', { name: 'You are talking…' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => last.captured, { timeout: 30_000 }).toBeGreaterThan(before + 25);
  await keepScreenshot(page, 'call-ptt-en');
  await page.keyboard.up('Space');
  await expect(page.getByRole('banner').getByText('Mic closed')).toBeVisible();
  expect(last.modes).toEqual(['talk', 'ptt']);

  // The case's recording: its waveform drawn from the WAV served with the token, played from the same address.
  const recordings = page.getByRole('region', { name: 'Recordings of the case' });
  await recordings.scrollIntoViewIfNeeded();
  await expect(recordings.getByRole('img', { name: 'Waveform: the beacon on top, the operator below' })).toBeVisible();
  await expect(recordings.getByText('Loading the waveform…')).toHaveCount(0);
  await expect(recordings.getByText('Waveform unavailable')).toHaveCount(0);
  await recordings.getByRole('button', { name: 'Play' }).click();
  await expect(recordings.getByRole('button', { name: 'Pause' })).toBeVisible();
  const seek = recordings.getByRole('slider', { name: 'Position in the recording' });
  await expect(seek).not.toHaveAttribute('aria-valuetext', '0:00 of 0:04', { timeout: 15_000 });
  await expect(recordings.getByRole('alert')).toHaveCount(0);
  await keepScreenshot(page, 'call-recording-en');
  console.log(`[operator-audio] whole call, page: ${await voice.getByTestId('call-audio-stats').textContent()}`);
});

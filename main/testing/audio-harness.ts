/**
 * The main side of the audio-path spec (e2e/operator-audio.spec.ts), run as its own
 * process (`node --import tsx main/testing/audio-harness.ts <rendererDir>`): the real
 * browser-mode server with its real /audio socket and AudioPort, a MockVoiceHost for the
 * call. It prints `AUDIO_HARNESS <url>` when ready, then a JSON line of what main received
 * every 200 ms; on the stdin line `play` it plays a 1 kHz tone to the page at 50 frames/s.
 * The case has one recording (4 s, the far end speaking first, then the operator), served
 * at /recordings/rec-audio.wav with the token as the voice service's files are.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import wavefile from 'wavefile';
import { silentLogger } from '../log/logger';
import { startBrowserServer } from '../transports/browser-server';
import { dominantFrequency, sineFrames } from '../voice/media/tone';
import type { Recording } from '@shared/contract/voice';
import { MockVoiceHost } from './voice-host.mock';

export const HARNESS_READY = 'AUDIO_HARNESS ';
export const HARNESS_REPORT = 'AUDIO_REPORT ';

/** What main received, as the spec reads it. */
export type HarnessReport = {
  attached: boolean;
  captured: number;
  badFrames: number;
  frameSizes: number[];
  dominantHz: number | null;
  modes: string[];
  /** Gaps between capture frames as main receives them, ms (the page's clock, the worklet's 16 ms quantum, the socket). */
  gapsMs: { p50: number; p95: number; max: number } | null;
};

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const RECORDING_ID = 'rec-audio';
let recordingFile = '';

/** Two channels as the recorder writes them: the far end (600 Hz bursts) for 2 s, then the operator (440 Hz). */
function writeRecording(caseId: string, callId: string, peer: string): Recording {
  const rate = 8000;
  const n = rate * 4;
  const far = new Array<number>(n).fill(0);
  const operator = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    const burst = Math.floor(i / 2000) % 2 === 0 ? 1 : 0.3;
    if (i < n / 2) far[i] = Math.round(burst * 14_000 * Math.sin((2 * Math.PI * 600 * i) / rate));
    else operator[i] = Math.round(burst * 10_000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(2, rate, '16', [far, operator]);
  const bytes = wav.toBuffer();
  recordingFile = join(mkdtempSync(join(tmpdir(), 'veille-audio-harness-')), `${RECORDING_ID}.wav`);
  writeFileSync(recordingFile, bytes);
  return {
    recordingId: RECORDING_ID,
    callId,
    caseId,
    peer,
    startedAt: new Date().toISOString(),
    durationMs: 4000,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    url: `/recordings/${RECORDING_ID}.wav`,
    channels: ['peer', 'operator'],
  };
}

function summarise(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), max: round(sorted[sorted.length - 1] ?? 0) };
}

async function main(): Promise<void> {
  const rendererDir = process.argv[2] ?? 'out/renderer';
  const host = new MockVoiceHost();
  host.recordings = [writeRecording(host.case.id, host.call.callId, host.case.beaconId)];
  const server = await startBrowserServer({ host: '127.0.0.1', port: 0, token: `harness-${process.pid}-0123456789`, rendererDir, api: host, logger: silentLogger() });
  server.serveRecordings((id) => (id === RECORDING_ID ? recordingFile : null));
  const recent: Int16Array[] = [];
  const sizes = new Set<number>();
  const gaps: number[] = [];
  let lastAt = 0;
  server.audio.onCapture((f) => {
    const now = performance.now();
    if (lastAt) gaps.push(now - lastAt);
    lastAt = now;
    sizes.add(f.length);
    recent.push(f);
    if (recent.length > 50) recent.shift();
  });
  let playout: NodeJS.Timeout | undefined;
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() !== 'play' || playout) return;
    const tone = sineFrames(1000, 200, { amplitude: 0.5 });
    let n = 0;
    playout = setInterval(() => server.audio.sendPlayout(tone[n++ % tone.length] as Int16Array), 20);
  });
  const report = setInterval(() => {
    const joined = new Int16Array(recent.length * 160);
    recent.forEach((f, i) => joined.set(f.subarray(0, 160), i * 160));
    const r: HarnessReport = {
      attached: server.audio.attached,
      captured: server.audio.stats().captured,
      badFrames: server.audio.stats().badFrames,
      frameSizes: [...sizes],
      dominantHz: recent.length >= 25 ? dominantFrequency(joined) : null,
      modes: host.modes,
      gapsMs: gaps.length >= 10 ? summarise(gaps) : null,
    };
    process.stdout.write(`${HARNESS_REPORT}${JSON.stringify(r)}\n`);
  }, 200);
  const stop = () => {
    clearInterval(report);
    clearInterval(playout);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdout.write(`${HARNESS_READY}${server.url}\n`);
}

void main();

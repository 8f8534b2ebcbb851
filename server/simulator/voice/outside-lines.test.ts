/**
 * The simulated outside lines over real SIP and RTP: the console's own UA dials 17, hears
 * the prompt, sends a tone that the line records; busy and unanswered numbers fail the way
 * the console must report them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { concatFrames, dominantFrequency, rmsLevel } from '../../../main/voice/media/tone';
import { BUSY_NUMBER, NO_ANSWER_NUMBER, normaliseNumber, promptOf, startOutsideLines, type OutsideLines } from './outside-lines';
import { startTestPeer, wavChannel, type TestPeer } from './test-peer';

let lines: OutsideLines | undefined;
let peer: TestPeer | undefined;
let dir = '';
afterEach(async () => {
  await peer?.close();
  await lines?.close();
  rmSync(dir, { recursive: true, force: true });
  lines = undefined;
  peer = undefined;
});

async function setUp(): Promise<{ lines: OutsideLines; peer: TestPeer }> {
  dir = mkdtempSync(join(tmpdir(), 'veille-lines-'));
  lines = await startOutsideLines({ recordDir: dir, answerDelayMs: 100 });
  peer = await startTestPeer('127.0.0.3');
  return { lines, peer };
}

describe('simulated outside lines', () => {
  it('17 answers with the police prompt, and records what the caller says', async () => {
    const { lines, peer } = await setUp();
    expect(lines.trunk).toBe(`sip:127.0.0.4:${lines.port}`);
    const { result, call } = await peer.dial(`sip:17@127.0.0.4:${lines.port}`, { ringTimeoutMs: 5000 });
    expect(result.outcome).toBe('answered');
    call!.sendTone(1000);
    // The prompt (« Police secours, j'écoute ») is about 2 s of speech.
    await vi.waitFor(() => expect(rmsLevel(concatFrames(call!.received))).toBeGreaterThan(0.02), { timeout: 10_000, interval: 100 });
    await vi.waitFor(() => expect(call!.received.length).toBeGreaterThan(75), { timeout: 10_000, interval: 100 });
    await call!.dialog.hangup();

    const line = lines.lastCall('17')!;
    const end = await line.ended;
    expect(end.by).toBe('remote');
    const heard = wavChannel(end.recording.file, 0);
    expect(Math.abs(dominantFrequency(heard) - 1000)).toBeLessThan(15);
    expect(rmsLevel(wavChannel(end.recording.file, 1))).toBeGreaterThan(0.02);
    expect(end.recording.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a busy number answers 486 and an unanswered one rings until the caller gives up', async () => {
    const { lines, peer } = await setUp();
    const busy = await peer.dial(`sip:${BUSY_NUMBER}@127.0.0.4:${lines.port}`, { ringTimeoutMs: 5000 });
    expect(busy.result).toMatchObject({ outcome: 'busy', status: 486 });
    const silent = await peer.dial(`sip:${NO_ANSWER_NUMBER}@127.0.0.4:${lines.port}`, { ringTimeoutMs: 1500 });
    expect(silent.result.outcome).toBe('no-answer');
    expect(lines.calls()).toHaveLength(0);
  });

  it('knows 17, 18, 15, the city and any other number by its prompt', () => {
    expect(['17', '18', '15', '+33 6 39 98 00 01', 'city-safety'].map((n) => promptOf(n))).toEqual(['line-police-17', 'line-fire-18', 'line-samu-15', 'line-contact', 'line-city-safety']);
    expect(promptOf('02 40 00 00 00', ['0240000000'])).toBe('line-city-safety');
    expect(normaliseNumber('+33 6.39.98.04.86')).toBe('0639980486');
  });
});

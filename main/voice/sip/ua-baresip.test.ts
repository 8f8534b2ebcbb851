/**
 * Two-way audio with a real softphone: baresip (auto-answer, plays a 700 Hz WAV, records
 * what it hears) against the console's UA and RTP session, in a private network
 * namespace (PROTOCOLS.md §4.3; the body runs in ua-baresip.fixture.ts). Done when the
 * console's 1 kHz tone is found in baresip's recording and baresip's 700 Hz tone in the
 * console's recording, each by its frequency; both when we call and when baresip calls us.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runInNetns } from '../testing/netns';

interface Analysis {
  hz: number;
  level: number;
  seconds: number;
}
interface FixtureResult {
  direction: string;
  codec: string;
  sentFrames: number;
  packetsIn: number;
  packetsOut: number;
  latched: boolean;
  peerHeard: Analysis | null;
  consoleHeard: Analysis;
  consoleSent: Analysis;
  recordingSha256: string;
  baresip: string;
}

const FIXTURE = join(import.meta.dirname, 'ua-baresip.fixture.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(direction: 'outbound' | 'inbound'): Promise<FixtureResult> {
  const work = mkdtempSync(join(tmpdir(), 'veille-ua-baresip-'));
  dirs.push(work);
  const r = await runInNetns<FixtureResult>(FIXTURE, [work, direction], { timeoutMs: 50_000 });
  expect(r.result, `fixture exited ${r.code}:\n${r.stderr}\n${r.stdout.slice(-3000)}`).not.toBeNull();
  return r.result as FixtureResult;
}

/** The result with baresip's output, minus its once-a-tick bitrate lines: what to read when this fails. */
const explain = (r: FixtureResult) => JSON.stringify({ ...r, baresip: r.baresip.replace(/\r?\[\d+:\d\d:\d\d\] audio=\d+\/\d+ \(bit\/s\)\s*\r?/g, '') }, null, 1);

function expectTwoWayAudio(r: FixtureResult): void {
  expect(r.codec).toBe('PCMA');
  expect(r.sentFrames).toBe(150);
  expect(r.packetsOut).toBe(150);
  expect(r.packetsIn, explain(r)).toBeGreaterThan(100);
  // baresip sends from 127.0.0.1 while its SDP says 127.0.0.3: we latched onto its real source.
  expect(r.latched).toBe(true);
  expect(r.peerHeard, explain(r)).not.toBeNull();
  expect(Math.abs(r.peerHeard!.hz - 1000)).toBeLessThan(15);
  expect(r.peerHeard!.level).toBeGreaterThan(0.3);
  expect(Math.abs(r.consoleHeard.hz - 700)).toBeLessThan(15);
  expect(r.consoleHeard.level).toBeGreaterThan(0.3);
  expect(Math.abs(r.consoleSent.hz - 1000)).toBeLessThan(15);
  expect(r.recordingSha256).toMatch(/^[0-9a-f]{64}$/);
}

describe('SIP UA with baresip (two-way audio, network namespace)', () => {
  it('calls baresip: our 1 kHz is in its recording, its 700 Hz in ours', { timeout: 60_000 }, async () => {
    const r = await run('outbound');
    expect(r.direction).toBe('outbound');
    expectTwoWayAudio(r);
  });

  it('takes baresip’s call: same, the other way round', { timeout: 60_000 }, async () => {
    const r = await run('inbound');
    expect(r.direction).toBe('inbound');
    expectTwoWayAudio(r);
  });
});

/**
 * The hub's voice routing with baresip as the beacon (an independent SIP stack: digest,
 * Record-Route, ACK and BYE through the hub) and the console's own UA registered at the hub,
 * in a private network namespace (PROTOCOLS.md §4.3): tones both ways, told by frequency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runInNetns } from '../../../main/voice/testing/netns';

interface Result {
  error?: string;
  registered: string;
  caseId: string;
  caseHeader: string | null;
  beaconHeader: string | null;
  consoleHeard: { hz: number; level: number };
  beaconHeard: { hz: number; level: number };
  baresip: string;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it("baresip as a beacon calls through the hub: the case owner's registered console gets the call with its case, audio both ways", async () => {
  const work = mkdtempSync(join(tmpdir(), 'veille-hub-baresip-'));
  dirs.push(work);
  const r = await runInNetns<Result>(join(import.meta.dirname, 'hub-baresip.fixture.ts'), [work], { timeoutMs: 60_000 });
  expect(r.result, `fixture exited ${r.code}:\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-3000)}`).not.toBeNull();
  const res = r.result!;
  expect(res.error, res.baresip).toBeUndefined();
  expect(res.registered).toBe('registered');
  expect(res.caseHeader).toBe(res.caseId);
  expect(res.beaconHeader).toBe('B-1');
  expect(Math.abs(res.consoleHeard.hz - 700), res.baresip).toBeLessThan(15);
  expect(Math.abs(res.beaconHeard.hz - 440), res.baresip).toBeLessThan(15);
}, 90_000);

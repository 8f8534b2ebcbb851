/** The simulation's voice beside a real hub: on by default with SCAIP beacons, off on request, the city's line from the centre's contacts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silent, startFixture, TEST_DIRECTORY, type Fixture } from '../../hub/test-helpers';
import { simulationPlan, startSimulation, type RunningSimulation } from '../run';
import { startTestPeer, type TestPeer } from './test-peer';

let f: Fixture | undefined;
let sim: RunningSimulation | undefined;
let peer: TestPeer | undefined;
afterEach(async () => {
  await peer?.close();
  await sim?.stop();
  await f?.cleanup();
  sim = f = peer = undefined;
});

describe('the simulation with voice', () => {
  it('reads --sim-voice', () => {
    expect(simulationPlan({ 'sim-voice': 'off' })).toEqual({ ratePerMinute: 6, voice: false });
    expect(simulationPlan({ 'sim-voice': 'on' })).toEqual({ ratePerMinute: 6 });
    expect(() => simulationPlan({ 'sim-voice': 'maybe' })).toThrow('Invalid --sim-voice (on or off): maybe');
  });

  it("starts beside a SCAIP hub: its trunk's city line answers the centre's city-safety number; off on request", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veille-hub-'));
    f = await startFixture(dataDir, { sip: { host: '127.0.0.1', port: 0 } });
    sim = await startSimulation({ ratePerMinute: 0 }, { ...f.hub, dataDir, demo: true }, TEST_DIRECTORY, silent);
    expect(sim.voice?.trunk).toMatch(/^sip:127\.0\.0\.4:\d+$/);
    peer = await startTestPeer('127.0.0.3');
    const { result } = await peer.dial(`sip:0639980001@${sim.voice!.trunk.slice('sip:'.length)}`, { ringTimeoutMs: 5000 });
    expect(result.outcome).toBe('answered');
    if (result.outcome === 'answered') await result.dialog.hangup();
    const line = sim.voice!.lines.lastCall('06 39 98 00 01')!;
    expect(line.recordingFile.startsWith(join(dataDir, 'simulator', 'recordings', 'lines'))).toBe(true);
    await sim.stop();

    sim = await startSimulation({ ratePerMinute: 0, voice: false }, { ...f.hub, dataDir, demo: true }, TEST_DIRECTORY, silent);
    expect(sim.voice).toBeNull();
    rmSync(join(dataDir, 'simulator'), { recursive: true, force: true });
  });
});

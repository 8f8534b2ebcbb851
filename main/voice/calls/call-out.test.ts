/**
 * Calling out for a case through the trunk, on real parts: the hub, a PPMS alarm from
 * SIPp, the beacon's call from a real SIP peer (a 1 kHz tone), and the simulator's outside
 * lines as the trunk (17 answers with its spoken prompt and records what it hears; a busy
 * number answers 486). The beacon leg is held during the call-out; once bridged the police
 * hears the beacon; both legs are recorded and the outcomes journaled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '@shared/domain/case';
import { DEMO_BEACON_PASSWORD } from '../../../server/hub/scaip/credentials';
import { mrqXml, runSipp, stopAllSipp } from '../../../server/hub/scaip/sipp/sipp-runner';
import { startScaipTestHub, type ScaipTestHub } from '../../../server/hub/scaip/test-hub';
import { BUSY_NUMBER, startOutsideLines, type OutsideLines } from '../../../server/simulator/voice/outside-lines';
import { toneLevel } from '../media/tone';
import { startSipPeer, type SipPeer } from './testing/sip-peer.fixture';
import { startVoiceConsole, type VoiceTestConsole } from './testing/voice-console.fixture';
import { readStereoWav } from './testing/wav.fixture';

const BEACON_HZ = 1000;
const WAIT = { timeout: 20_000, interval: 50 };
const POLICE = { role: 'police-17', name: 'Police secours', number: '17' };

let hub: ScaipTestHub | undefined;
let op: VoiceTestConsole | undefined;
let beacon: SipPeer | undefined;
let lines: OutsideLines | undefined;
let linesDir = '';
afterEach(async () => {
  await beacon?.close();
  await op?.close();
  await lines?.close();
  await stopAllSipp();
  await hub?.f.cleanup();
  if (linesDir) rmSync(linesDir, { recursive: true, force: true });
  hub = op = beacon = lines = undefined;
});

function loudestWindow(samples: Int16Array, hz: number): number {
  let best = 0;
  for (let at = 0; at + 1600 <= samples.length; at += 800) best = Math.max(best, toneLevel(samples.subarray(at, at + 1600), hz));
  return best;
}

async function claimedPpmsCase(t: ScaipTestHub, c: VoiceTestConsole): Promise<Case> {
  const body = mrqXml({ ref: 'CO1', cid: '4401', dty: '0002', stc: '0010', dco: '002', lte: 'Salle 3' });
  const alarm = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: t.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
  expect((await alarm.done).code).toBe(0);
  let found: Case | undefined;
  await vi.waitFor(() => {
    found = c.link.cases().find((x) => x.beaconId === 'B-1' && x.status === 'open');
    expect(found).toBeDefined();
  }, WAIT);
  expect(await c.link.command({ type: 'claim', caseId: found!.id })).toMatchObject({ ok: true });
  return found!;
}

describe('calling out for a case', () => {
  it('17 through the trunk: the beacon held meanwhile, then bridged so the police hears it; both legs recorded; a busy number journaled as busy', async () => {
    hub = await startScaipTestHub({ mrs: { attempts: 1 } });
    linesDir = mkdtempSync(join(tmpdir(), 'veille-lines-'));
    lines = await startOutsideLines({ address: '127.0.0.5', recordDir: linesDir, answerDelayMs: 100 });
    op = await startVoiceConsole({ hubUrl: hub.f.hub.url, username: 'operateur1', trunk: lines.trunk });
    const c = await claimedPpmsCase(hub, op);

    beacon = await startSipPeer({ host: '127.0.0.4', user: 'B-1', toneHz: BEACON_HZ });
    await beacon.call(`sip:centre@${hub.sip.host}:${hub.sip.port}`, { user: 'B-1', password: DEMO_BEACON_PASSWORD });
    let beaconCallId = '';
    await vi.waitFor(() => {
      const v = op!.voice.manager.views().find((x) => x.party === 'beacon' && x.phase === 'connected');
      expect(v).toBeDefined();
      beaconCallId = v!.callId;
    }, WAIT);

    // The call-out: the beacon leg is held at once (the operator no longer hears it).
    const out = await op.voice.request('voice.callOut', { caseId: c.id, contact: POLICE });
    expect(out).toMatchObject({ party: 'outside', peer: '17', contact: POLICE, direction: 'outbound' });
    expect(op.call(beaconCallId)).toMatchObject({ phase: 'held', sending: false });
    await vi.waitFor(() => expect(op!.call(out.callId)).toMatchObject({ phase: 'connected', mode: 'talk' }), WAIT);
    const policeCall = lines.lastCall('17');
    expect(policeCall).not.toBeNull();
    op.audio.takePlayed();
    await vi.waitFor(() => expect(op!.audio.takePlayed().length).toBeGreaterThan(0), WAIT);
    // What the operator hears now is the police line: not one tone frame of the held beacon.
    await vi.waitFor(() => expect(op!.levels.filter((l) => l.callId === out.callId).length).toBeGreaterThan(3), WAIT);
    expect(loudestWindow(op.audio.takePlayed(), BEACON_HZ)).toBeLessThan(0.05);

    // Bridge: the police hears the beacon; the beacon is no longer held.
    expect(await op.voice.request('voice.bridge', { callId: out.callId, beaconCallId })).toMatchObject({ bridgedWith: beaconCallId });
    expect(op.call(beaconCallId)).toMatchObject({ phase: 'connected' });
    await vi.waitFor(() => expect(policeCall!.soundFramesIn()).toBeGreaterThan(50), WAIT);
    await op.voice.request('voice.hangup', { callId: out.callId });
    const police = await policeCall!.ended;
    expect(loudestWindow(readStereoWav(police.recording.file).left, BEACON_HZ)).toBeGreaterThan(0.2);

    // A busy number: the outcome is journaled, the beacon stays with the operator.
    const busy = await op.voice.request('voice.callOut', { caseId: c.id, contact: { role: 'site-director', name: 'Directrice', number: BUSY_NUMBER } });
    await vi.waitFor(() => expect(op!.call(busy.callId)).toMatchObject({ phase: 'ended', outcome: 'busy' }), WAIT);
    expect(op.call(beaconCallId)).toMatchObject({ phase: 'connected' });

    await op.voice.request('voice.hangup', { callId: beaconCallId });
    await vi.waitFor(() => expect(op!.journalOf('voice.recorded')).toHaveLength(2), WAIT);
    const ended = op.journalOf('voice.call-ended');
    expect(ended).toEqual([
      expect.objectContaining({ callId: out.callId, party: 'outside', peer: '17', outcome: 'answered', by: 'operator' }),
      expect.objectContaining({ callId: busy.callId, party: 'outside', outcome: 'busy', durationMs: 0 }),
      expect.objectContaining({ callId: beaconCallId, party: 'beacon', outcome: 'answered', by: 'operator' }),
    ]);
    expect(ended[0]!.durationMs).toBeGreaterThan(0);
    expect(op.journalOf('voice.bridged')).toEqual([expect.objectContaining({ callId: out.callId, beaconCallId })]);
    expect(beacon.digits.at(-1)?.digit).toBe('0');

    // Both legs recorded: what we sent the police carries the beacon (channel 2 of its WAV).
    const recordings = await op.voice.request('voice.recordings', { caseId: c.id });
    expect(recordings.map((r) => r.peer).sort()).toEqual(['17', 'B-1']);
    const outWav = readStereoWav(op.voice.recordingFile(out.callId)!);
    expect(loudestWindow(outWav.right, BEACON_HZ)).toBeGreaterThan(0.2);
    expect(loudestWindow(readStereoWav(op.voice.recordingFile(beaconCallId)!).left, BEACON_HZ)).toBeGreaterThan(0.2);
  }, 120_000);
});

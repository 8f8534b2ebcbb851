/**
 * Simulated beacons' voice through the real hub: a PPMS intrusion over SCAIP, claimed by an
 * operator whose console (the console's own UA and RTP code, registered at the hub with the
 * credentials from the console socket) then gets the beacon's call with its case, hears the
 * beacon's speech, and drives it with the SCAIP DTMF codes; the beacon records what its room
 * heard. And the console's callback reaching the beacon.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { concatFrames, dominantFrequency, rmsLevel, toneLevel } from '../../../main/voice/media/tone';
import { DEMO_BEACON_PASSWORD } from '../../hub/scaip/credentials';
import { startScaipTestHub, type ScaipTestHub } from '../../hub/scaip/test-hub';
import { TEST_DIRECTORY } from '../../hub/test-helpers';
import { voiceConsole } from '../../hub/voice/voice-test-kit';
import { startSimulator } from '../index';
import { startDemoBeacons } from '../scaip/demo';
import { startBeaconVoice, type BeaconVoice } from './beacon-voice';
import type { SimCall } from './sim-call';
import { startTestPeer, wavChannel, type TestPeer } from './test-peer';

const cleanups: (() => Promise<unknown>)[] = [];
let dir = '';
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  dir = mkdtempSync(join(tmpdir(), 'veille-beacon-voice-'));
  const t: ScaipTestHub = await startScaipTestHub({ mrs: { attempts: 1 } });
  cleanups.push(() => t.f.cleanup());
  const logger = pino({ level: 'silent' });
  const voice: BeaconVoice = await startBeaconVoice({
    hub: t.sip,
    credentials: (id) => ({ user: id, password: DEMO_BEACON_PASSWORD }),
    directory: TEST_DIRECTORY,
    recordDir: join(dir, 'beacons'),
    callDelayMs: 50,
    answerDelayMs: 50,
    logger,
  });
  cleanups.push(() => voice.close());
  const beacons = await startDemoBeacons({ hub: t.sip, directory: TEST_DIRECTORY, logger, heartbeats: false, crdOf: (id) => [voice.crdOf(id)], onMrs: voice.onMrs });
  cleanups.push(() => beacons.close());
  const op = await voiceConsole(t, 'operateur1');
  const console_: TestPeer = await startTestPeer('127.0.0.3', { uri: `sip:${t.sip.host}:${t.sip.port}`, user: op.sip.user, password: op.sip.password });
  cleanups.push(() => console_.close());
  expect(await console_.ua.register()).toMatchObject({ state: 'registered' });
  const sim = startSimulator({ transport: beacons.transport, directory: TEST_DIRECTORY, ratePerMinute: 0, logger });
  return { t, voice, op, console: console_, sim };
}

const nextBeaconCall = (voice: BeaconVoice) => new Promise<SimCall>((resolve) => voice.onCall(resolve));

describe('simulated beacons talk through the hub', () => {
  it("call the operator who took their case (mre 2: speaker muted), say their speech, and obey DTMF 4 then 0; the beacon's recording holds what its room heard", async () => {
    const { voice, op, console: peer, sim } = await setUp();
    expect(await sim.sendOne({ beaconId: 'B-1', kind: 'ppms.intrusion', drill: false })).toMatchObject({ snu: 4 });
    const kase = await op.console.waitFor((c) => c.beaconId === 'B-1' && c.status === 'open');
    const incoming = peer.nextCall();
    const beaconSide = nextBeaconCall(voice);
    expect(await op.console.command({ type: 'claim', caseId: kase.id })).toMatchObject({ ok: true });

    const { invite, call } = await incoming;
    expect(invite.caseId).toBe(kase.id);
    expect(invite.headers['x-veille-beacon']).toBe('B-1');
    const beacon = await beaconSide;
    expect(beacon.mode()).toEqual({ speaker: false, microphone: true, volume: 5 });

    // Discreet listening: the beacon's speech reaches the operator; the operator's tone does not reach the room.
    call.sendTone(1000);
    await vi.waitFor(() => expect(rmsLevel(concatFrames(call.received.slice(-50)))).toBeGreaterThan(0.02), { timeout: 10_000, interval: 100 });
    // 1.5 s of the tone reach the muted beacon before DTMF 4: the recording's first second is from that time.
    await vi.waitFor(() => expect(beacon.soundFramesIn()).toBeGreaterThan(75), { timeout: 10_000, interval: 100 });
    expect((await call.rtp.sendDtmf('4', 120)).ok).toBe(true);
    await vi.waitFor(() => expect(beacon.mode().speaker).toBe(true), { timeout: 5000, interval: 50 });
    const inDuplex = beacon.soundFramesIn();
    await vi.waitFor(() => expect(beacon.soundFramesIn() - inDuplex).toBeGreaterThan(50), { timeout: 10_000, interval: 100 });
    // Clear down: the beacon hangs up at the event's first packet, possibly before its end packets leave here.
    void call.rtp.sendDtmf('0', 120);

    const end = await beacon.ended;
    expect(end.by).toBe('local');
    expect(beacon.digits).toEqual(['4', '0']);
    const heard = wavChannel(end.recording.file, 0);
    const half = Math.floor(heard.length / 2);
    // Before DTMF 4 the room heard nothing; after it, the operator's 1 kHz tone.
    expect(rmsLevel(heard.subarray(0, 8000))).toBeLessThan(0.001);
    expect(toneLevel(heard.subarray(half), 1000)).toBeGreaterThan(0.1);
    expect(Math.abs(dominantFrequency(heard.subarray(half)) - 1000)).toBeLessThan(15);
    expect(rmsLevel(wavChannel(end.recording.file, 1))).toBeGreaterThan(0.02);
  });

  it("answer the owning console's callback through the hub and speak", async () => {
    const { t, voice, op, console: peer, sim } = await setUp();
    await sim.sendOne({ beaconId: 'B-1', kind: 'ppms.intrusion', drill: false });
    const kase = await op.console.waitFor((c) => c.beaconId === 'B-1' && c.status === 'open');
    // The beacon's own call is not taken here: the console refuses it, then calls back.
    peer.ua.onInvite((inv) => inv.reject(486, 'Busy Here'));
    expect(await op.console.command({ type: 'claim', caseId: kase.id })).toMatchObject({ ok: true });

    const beaconSide = nextBeaconCall(voice);
    const { result, call } = await peer.dial(`sip:B-1@${t.sip.host}:${t.sip.port}`, { auth: { user: op.sip.user, password: op.sip.password }, ringTimeoutMs: 10_000 });
    expect(result.outcome).toBe('answered');
    const beacon = await beaconSide;
    expect(beacon.direction).toBe('inbound');
    expect(beacon.mode()).toEqual({ speaker: true, microphone: true, volume: 5 });
    await vi.waitFor(() => expect(rmsLevel(concatFrames(call!.received.slice(-50)))).toBeGreaterThan(0.02), { timeout: 10_000, interval: 100 });
    await call!.dialog.hangup();
    expect((await beacon.ended).by).toBe('remote');
  });
});

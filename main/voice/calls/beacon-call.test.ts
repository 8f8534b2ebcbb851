/**
 * The console's calls with a beacon, end to end on real parts: a real hub (registrar and
 * proxy on its SCAIP port), a PPMS alarm sent by SIPp as the beacon, the console's voice
 * service registered with its ephemeral credentials, and the beacon's own call placed by a
 * real SIP peer over real UDP (tones both ways, DTMF heard by the beacon). The renderer's
 * audio is a MockAudioPort (no renderer in a Node test).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@shared/contract/errors';
import type { Case } from '@shared/domain/case';
import { DEMO_BEACON_PASSWORD } from '../../../server/hub/scaip/credentials';
import { mrqXml, runSipp, stopAllSipp } from '../../../server/hub/scaip/sipp/sipp-runner';
import { startScaipTestHub, type ScaipTestHub } from '../../../server/hub/scaip/test-hub';
import { toneLevel } from '../media/tone';
import { startSipPeer, type SipPeer } from './testing/sip-peer.fixture';
import { startVoiceConsole, type VoiceTestConsole } from './testing/voice-console.fixture';
import { readStereoWav } from './testing/wav.fixture';

const BEACON_HZ = 1000;
const OPERATOR_HZ = 440;
const WAIT = { timeout: 20_000, interval: 50 };

let hub: ScaipTestHub | undefined;
let consoleA: VoiceTestConsole | undefined;
let beacon: SipPeer | undefined;
afterEach(async () => {
  await beacon?.close();
  await consoleA?.close();
  await stopAllSipp();
  await hub?.f.cleanup();
  hub = consoleA = beacon = undefined;
});

/** A PPMS intrusion from B-1 (SIPp as the beacon), as the console sees it. */
async function ppmsAlarm(t: ScaipTestHub, c: VoiceTestConsole, ref: string): Promise<Case> {
  const body = mrqXml({ ref, cid: '4401', dty: '0002', stc: '0010', dco: '002', lte: 'Salle 3' });
  const alarm = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: t.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
  const r = await alarm.done;
  expect(r.code, `${r.log}\n${r.errors}`).toBe(0);
  let found: Case | undefined;
  await vi.waitFor(() => {
    found = c.link.cases().find((x) => x.beaconId === 'B-1' && x.status === 'open');
    expect(found).toBeDefined();
  }, WAIT);
  return found!;
}

/** Amplitude of `hz` as a fraction of full scale (the test tones are at 0.4). */
function level(samples: Int16Array, hz: number): number {
  return toneLevel(samples, hz);
}

/** The strongest `hz` over 200 ms windows: where in a recording the tone was. */
function loudestWindow(samples: Int16Array, hz: number): number {
  let best = 0;
  for (let at = 0; at + 1600 <= samples.length; at += 800) best = Math.max(best, toneLevel(samples.subarray(at, at + 1600), hz));
  return best;
}

describe('a beacon call on the console', () => {
  it('refused without an owned open case (clear message, journaled); after the claim the beacon’s call is answered in discreet listening; talk; closing the case sends DTMF 0 then BYE; periods and recording journaled', async () => {
    hub = await startScaipTestHub({ mrs: { attempts: 1 } });
    consoleA = await startVoiceConsole({ hubUrl: hub.f.hub.url, username: 'operateur1' });
    const c = await ppmsAlarm(hub, consoleA, 'VC1');
    expect(c.voiceMode).toBe('listen');

    // Privacy guard: not taken, so no audio; the operator reads why, the journal keeps it.
    const refused = await consoleA.voice.request('voice.callBeacon', { caseId: c.id, mode: 'listen' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('not-owner');
    expect((refused as ApiError).message).toBe('Appel refusé : prenez d’abord le dossier en charge. L’audio d’une balise n’est ouvert qu’à l’opérateur qui traite son dossier.');
    expect(consoleA.journalOf('voice.call-refused')).toEqual([expect.objectContaining({ target: 'B-1', code: 'not-owner', _caseId: c.id })]);

    expect(await consoleA.link.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });

    // The beacon's own call (after snu 0 with mre 2) reaches this console through the hub.
    beacon = await startSipPeer({ host: '127.0.0.4', user: 'B-1', toneHz: BEACON_HZ });
    await beacon.call(`sip:centre@${hub.sip.host}:${hub.sip.port}`, { user: 'B-1', password: DEMO_BEACON_PASSWORD });
    let callId = '';
    await vi.waitFor(() => {
      const live = consoleA!.voice.manager.views().find((v) => v.caseId === c.id && v.phase === 'connected');
      expect(live).toMatchObject({ party: 'beacon', peer: 'B-1', direction: 'inbound', mode: 'listen', sending: false, recording: true });
      callId = live!.callId;
    }, WAIT);

    // Discreet listening: the beacon is told 7 (its speaker muted); the operator hears it; nothing of the microphone goes out.
    await vi.waitFor(() => expect(beacon!.digits.map((d) => d.digit)).toEqual(['7']), WAIT);
    consoleA.audio.speak(OPERATOR_HZ);
    consoleA.audio.takePlayed();
    await vi.waitFor(() => expect(level(consoleA!.audio.takePlayed().slice(-1600), BEACON_HZ)).toBeGreaterThan(0.2), WAIT);
    await vi.waitFor(() => expect(consoleA!.levels.some((l) => l.callId === callId && l.peer > 0.2 && l.operator === 0)).toBe(true), WAIT);
    // The microphone has been playing meanwhile: not one frame of it reached the beacon.
    expect(level(beacon.heard(), OPERATOR_HZ)).toBeLessThan(0.02);

    // Talk: duplex (4) and the operator's voice reaches the beacon.
    expect(await consoleA.voice.request('voice.setMode', { callId, mode: 'talk' })).toMatchObject({ mode: 'talk', sending: true });
    await vi.waitFor(() => expect(beacon!.digits.map((d) => d.digit)).toEqual(['7', '4']), WAIT);
    await vi.waitFor(() => expect(level(beacon!.heard().slice(-1600), OPERATOR_HZ)).toBeGreaterThan(0.2), WAIT);

    // Closing the case clears the call down: 0 first, then BYE.
    expect(await consoleA.link.command({ type: 'close', caseId: c.id, closureCode: 'false-alarm-technical' })).toMatchObject({ ok: true });
    await beacon.whenEnded();
    expect(beacon.ended?.by).toBe('remote');
    const zero = beacon.digits.at(-1)!;
    expect(zero.digit).toBe('0');
    expect(zero.atMs).toBeLessThanOrEqual(beacon.ended!.atMs);

    await vi.waitFor(() => expect(consoleA!.journalOf('voice.recorded')).toHaveLength(1), WAIT);
    const periods = consoleA.journalOf('voice.period');
    expect(periods.map((p) => p.mode)).toEqual(['listen', 'talk']);
    for (const p of periods) {
      expect(p).toMatchObject({ callId, operatorId: consoleA.link.operator?.id ?? p.operatorId, _caseId: c.id });
      expect(Date.parse(p.endedAt as string)).toBeGreaterThanOrEqual(Date.parse(p.startedAt as string));
    }
    expect(consoleA.journalOf('voice.call-ended')).toEqual([expect.objectContaining({ callId, outcome: 'answered', by: 'case-closed' })]);

    // The recording: its SHA-256 in the journal matches the file; channel 1 the beacon, channel 2 the operator.
    const [recorded] = consoleA.journalOf('voice.recorded');
    const file = consoleA.voice.recordingFile(callId)!;
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(recorded!.sha256);
    const wav = readStereoWav(file);
    expect(loudestWindow(wav.left, BEACON_HZ)).toBeGreaterThan(0.2);
    expect(loudestWindow(wav.right, OPERATOR_HZ)).toBeGreaterThan(0.2);
    expect(loudestWindow(wav.right, BEACON_HZ)).toBeLessThan(0.05);
    const listed = await consoleA.voice.request('voice.recordings', { caseId: c.id });
    expect(listed).toEqual([expect.objectContaining({ recordingId: callId, sha256: recorded!.sha256, url: `/recordings/${callId}.wav`, channels: ['peer', 'operator'] })]);
  }, 90_000);

  it('the owner calls the beacon back through the hub (to its crd); push-to-talk and mute; logging out clears the call down with DTMF 0 then BYE', async () => {
    hub = await startScaipTestHub({ mrs: { attempts: 1 } });
    consoleA = await startVoiceConsole({ hubUrl: hub.f.hub.url, username: 'operateur1' });
    beacon = await startSipPeer({ host: '127.0.0.4', user: 'B-1', toneHz: BEACON_HZ });
    const body = mrqXml({ ref: 'VC2', cid: '4401', dty: '0002', stc: '0010', dco: '002', crd: `sip:B-1@127.0.0.4:${beacon.ua.local.port}` });
    const alarm = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: hub.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
    expect((await alarm.done).code).toBe(0);
    let c: Case | undefined;
    await vi.waitFor(() => {
      c = consoleA!.link.cases().find((x) => x.beaconId === 'B-1' && x.status === 'open');
      expect(c).toBeDefined();
    }, WAIT);
    expect(await consoleA.link.command({ type: 'claim', caseId: c!.id })).toMatchObject({ ok: true });

    const answered = beacon.answerNext();
    const placed = await consoleA.voice.request('voice.callBeacon', { caseId: c!.id, mode: 'listen' });
    expect(placed).toMatchObject({ party: 'beacon', peer: 'B-1', direction: 'outbound', caseId: c!.id });
    await answered;
    await vi.waitFor(() => expect(consoleA!.call(placed.callId)).toMatchObject({ phase: 'connected', mode: 'listen' }), WAIT);
    await vi.waitFor(() => expect(beacon!.digits.map((d) => d.digit)).toEqual(['7']), WAIT);

    // Push-to-talk: duplex (4), the microphone goes out only while the key is held; mute sends no digit.
    consoleA.audio.speak(OPERATOR_HZ);
    expect(await consoleA.voice.request('voice.setMode', { callId: placed.callId, mode: 'ptt' })).toMatchObject({ mode: 'ptt', sending: false });
    await vi.waitFor(() => expect(beacon!.digits.map((d) => d.digit)).toEqual(['7', '4']), WAIT);
    expect(level(beacon.heard(), OPERATOR_HZ)).toBeLessThan(0.02);
    expect(await consoleA.voice.request('voice.ptt', { callId: placed.callId, down: true })).toMatchObject({ sending: true });
    await vi.waitFor(() => expect(level(beacon!.heard().slice(-1600), OPERATOR_HZ)).toBeGreaterThan(0.2), WAIT);
    expect(await consoleA.voice.request('voice.ptt', { callId: placed.callId, down: false })).toMatchObject({ sending: false });
    expect(await consoleA.voice.request('voice.setMode', { callId: placed.callId, mode: 'mute' })).toMatchObject({ mode: 'mute', sending: false });

    const operatorId = consoleA.link.operator!.id;
    await consoleA.link.logout();
    await beacon.whenEnded();
    expect(beacon.digits.map((d) => d.digit)).toEqual(['7', '4', '0']);
    expect(beacon.digits[2]!.atMs).toBeLessThanOrEqual(beacon.ended!.atMs);
    await vi.waitFor(() => expect(consoleA!.journalOf('voice.call-ended')).toEqual([expect.objectContaining({ callId: placed.callId, by: 'logout', outcome: 'answered', _operatorId: operatorId })]), WAIT);
    expect(consoleA.journalOf('voice.period').map((p) => [p.mode, p.operatorId])).toEqual([
      ['listen', operatorId],
      ['ptt', operatorId],
      ['mute', operatorId],
    ]);
  }, 90_000);

  it('a technical test call reaches a beacon outside any owned case with its reason, journaled; hanging up sends 0 then BYE', async () => {
    hub = await startScaipTestHub({ mrs: { attempts: 1 } });
    consoleA = await startVoiceConsole({ hubUrl: hub.f.hub.url, username: 'operateur1' });
    beacon = await startSipPeer({ host: '127.0.0.4', user: 'B-2', toneHz: BEACON_HZ });
    // Its last message tells the hub where it can be called (a routine test transmission would do as well).
    const body = mrqXml({ ref: 'VC3', cid: '4402', dty: '0002', stc: '0010', dco: '002', crd: `sip:B-2@127.0.0.4:${beacon.ua.local.port}` });
    const alarm = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: hub.sip, beaconId: 'B-2', password: DEMO_BEACON_PASSWORD });
    expect((await alarm.done).code).toBe(0);

    const reason = 'Essai trimestriel du haut-parleur après maintenance';
    const answered = beacon.answerNext();
    const placed = await consoleA.voice.request('voice.testCall', { beaconId: 'B-2', reason });
    expect(placed).toMatchObject({ party: 'beacon', peer: 'B-2', caseId: null, testReason: reason, mode: 'listen' });
    await answered;
    await vi.waitFor(() => expect(consoleA!.call(placed.callId)).toMatchObject({ phase: 'connected' }), WAIT);
    expect(consoleA.journalOf('voice.call-started')).toEqual([expect.objectContaining({ callId: placed.callId, test: true, reason, _caseId: null })]);

    await consoleA.voice.request('voice.hangup', { callId: placed.callId });
    await beacon.whenEnded();
    expect(beacon.digits.map((d) => d.digit)).toEqual(['7', '0']);
    expect(consoleA.journalOf('voice.call-ended')).toEqual([expect.objectContaining({ callId: placed.callId, by: 'operator' })]);
  }, 90_000);
});

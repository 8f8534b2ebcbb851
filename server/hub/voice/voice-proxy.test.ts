/**
 * The hub's proxy on edge paths, over real UDP with endpoints on our own SIP stack: a CANCEL
 * from the beacon reaches the ringing console, a call nobody answers is cancelled by the
 * hub, and malformed or unexpected requests are answered (or dropped) without harm.
 */
import { createSocket } from 'node:dgram';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDigestClient, sipToken, type SipRequest, type SipResponse, type SipStack } from '../../sip/index';
import { DEMO_BEACON_PASSWORD } from '../scaip/credentials';
import { alarmBody, captureLogger, postAlarm, startFixture, type Fixture } from '../test-helpers';
import { inviteThroughHub, registerAt, sipEndpoint, voiceConsole, type VoiceTestHub } from './voice-test-kit';

let f: Fixture | undefined;
const stacks: SipStack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.close();
  await f?.cleanup();
  f = undefined;
});

async function hubWithVoice(voice: { ringTimeoutMs?: number; cancelGraceMs?: number } = {}): Promise<VoiceTestHub> {
  const { logger, lines } = captureLogger();
  f = await startFixture(undefined, { logger: logger as unknown as pino.Logger, sip: { host: '127.0.0.1', port: 0, mrs: { attempts: 1 } }, voice });
  return { f, sip: f.hub.sip!, logs: lines };
}

/** A console endpoint that rings on INVITE and hands the INVITE and any CANCEL to the test. */
async function ringingConsole(t: VoiceTestHub) {
  const op = await voiceConsole(t, 'operateur1');
  let invite: SipRequest | null = null;
  let cancelled: (rq: SipRequest) => void = () => undefined;
  const cancel = new Promise<SipRequest>((resolve) => (cancelled = resolve));
  const stack = await sipEndpoint('127.0.0.3', (rq, s) => {
    if (rq.method === 'INVITE') {
      invite = rq;
      s.reply(rq, 180, 'Ringing');
    } else if (rq.method === 'CANCEL') {
      s.reply(rq, 200, 'OK');
      if (invite) s.reply(invite, 487, 'Request Terminated');
      cancelled(rq);
    } else if (rq.method !== 'ACK') s.reply(rq, 200, 'OK');
  });
  stacks.push(stack);
  expect((await registerAt(t, stack, op.sip)).status).toBe(200);
  expect((await postAlarm(t.f.hub.url, t.f.key, alarmBody({ beaconId: 'B-1' }))).status).toBeLessThan(300);
  const c = await op.console.waitFor((x) => x.beaconId === 'B-1' && x.status === 'open');
  expect(await op.console.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });
  return { op, cancel, caseId: c.id };
}

/** The beacon's INVITE, signed; `onProvisional` sees each 1xx; resolves with the final response. */
async function beaconInvite(t: VoiceTestHub, onProvisional: (rs: SipResponse, invite: SipRequest, stack: SipStack) => void): Promise<SipResponse> {
  const stack = await sipEndpoint('127.0.0.5', (rq, s) => s.reply(rq, 200, 'OK'));
  stacks.push(stack);
  const hub = `${t.sip.host}:${t.sip.port}`;
  const auth = createDigestClient({ user: 'B-1', password: DEMO_BEACON_PASSWORD });
  const make = (seq: number): SipRequest => ({
    method: 'INVITE',
    uri: `sip:veille@${hub}`,
    headers: {
      to: { uri: `sip:veille@${hub}` },
      from: { uri: `sip:B-1@127.0.0.5:${stack.port}`, params: { tag: 'beacon' } },
      'call-id': `cancel-${sipToken()}`,
      cseq: { method: 'INVITE', seq },
      contact: [{ uri: `sip:B-1@127.0.0.5:${stack.port}` }],
      'max-forwards': 70,
    },
  });
  const challenge = await stack.request(make(1));
  expect(challenge.status).toBe(401);
  auth.learn(challenge);
  const invite = make(2);
  auth.sign(invite);
  return new Promise((resolve) => {
    stack.raw.send(invite, (rs) => {
      if (rs.status < 200) onProvisional(rs, invite, stack);
      else resolve(rs);
    });
  });
}

function cancelOf(invite: SipRequest): SipRequest {
  return {
    method: 'CANCEL',
    uri: invite.uri,
    headers: { via: invite.headers.via, to: invite.headers.to, from: invite.headers.from, 'call-id': invite.headers['call-id'], cseq: { method: 'CANCEL', seq: invite.headers.cseq!.seq }, 'max-forwards': 70 },
  };
}

describe('the hub proxy', () => {
  it("passes a beacon's CANCEL on to the ringing console, and the console's 487 back", async () => {
    const t = await hubWithVoice();
    const { cancel } = await ringingConsole(t);
    let cancelAnswer: SipResponse | null = null;
    const final = await beaconInvite(t, (rs, invite, stack) => {
      if (rs.status === 180) stack.raw.send(cancelOf(invite), (c) => (cancelAnswer = c));
    });
    expect([final.status, final.reason]).toEqual([487, 'Request Terminated']);
    expect((await cancel).method).toBe('CANCEL');
    expect(cancelAnswer).toMatchObject({ status: 200 });
  });

  it('cancels a call that rings past the ring timeout and tells the caller 408', async () => {
    const t = await hubWithVoice({ ringTimeoutMs: 300 });
    const { cancel } = await ringingConsole(t);
    const final = await beaconInvite(t, () => undefined);
    expect([final.status, final.reason]).toEqual([408, 'No Answer']);
    expect((await cancel).method).toBe('CANCEL');
  });

  it('answers malformed and unexpected requests with a clear status, drops garbage, and keeps serving', async () => {
    const t = await hubWithVoice();
    const op = await voiceConsole(t, 'operateur1');
    const peer = await sipEndpoint('127.0.0.5', (rq, s) => s.reply(rq, 200, 'OK'));
    stacks.push(peer);
    const hub = `${t.sip.host}:${t.sip.port}`;
    const base = (method: string, over: Record<string, unknown> = {}): SipRequest => ({
      method,
      uri: `sip:veille@${hub}`,
      headers: { to: { uri: `sip:veille@${hub}` }, from: { uri: `sip:x@127.0.0.5:${peer.port}`, params: { tag: 'x1' } }, 'call-id': sipToken(), cseq: { method, seq: 1 }, 'max-forwards': 70, ...over },
    });

    const garbage = createSocket('udp4');
    await new Promise<void>((resolve) => garbage.send(Buffer.from('INVITE nonsense\r\n\r\n\x00\xff'), t.sip.port, t.sip.host, () => resolve()));
    garbage.close();

    expect((await peer.request(base('BYE', { to: { uri: `sip:veille@${hub}`, params: { tag: 'nodialog' } } }))).status).toBe(481);
    expect((await peer.request(base('INVITE', { 'max-forwards': 0 }))).status).toBe(483);
    expect((await peer.request(base('SUBSCRIBE'))).status).toBe(405);
    // A CANCEL carries its INVITE's Via (the package adds none): here, of an INVITE we never saw.
    expect((await peer.request(base('CANCEL', { via: [{ params: { branch: `z9hG4bK${sipToken()}` } }] }))).status).toBe(481);
    expect((await peer.request(base('OPTIONS'))).status).toBe(200);

    // A beacon may not register; a console with a bad Expires is told so.
    const asBeacon = { ...op.sip, user: 'B-1', password: DEMO_BEACON_PASSWORD };
    const refused = await registerAt(t, peer, asBeacon);
    expect([refused.status, refused.reason]).toEqual([403, 'Only Consoles Register Here']);
    expect((await registerAt(t, peer, op.sip, { expires: 'soon' })).status).toBe(400);
    expect((await registerAt(t, peer, op.sip, { expires: 5 })).status).toBe(423);
    // Forged console credentials (right shape, wrong password) never authenticate.
    expect((await registerAt(t, peer, { ...op.sip, password: 'guessed' })).status).toBe(401);

    const still = await inviteThroughHub(t, { user: 'B-2', target: 'veille' });
    expect([still.status, still.reason]).toEqual([480, 'No Open Case For This Beacon']);
  });
});

/**
 * Test fixture for voice routing: a real hub with its SCAIP port, consoles that fetch their
 * SIP credentials over the real socket, and a plain SIP caller on our own stack for the
 * refusals (their status and reason). Not used in production.
 */
import { expect, vi } from 'vitest';
import { VoiceCredentialsAck, VoiceHubEvents, type VoiceCredentials } from '@shared/hub-protocol/voice';
import { createDigestClient, requestWithDigest, sipToken, startSipStack, type SipRequest, type SipResponse, type SipStack } from '../../sip/index';
import { DEMO_BEACON_PASSWORD } from '../scaip/credentials';
import type { ScaipTestHub } from '../scaip/test-hub';
import { connectConsole, login, type TestConsole } from '../test-helpers';

/** What these helpers need of a test hub (startScaipTestHub, or a fixture with voice options). */
export type VoiceTestHub = Pick<ScaipTestHub, 'f' | 'sip' | 'logs'>;

export interface VoiceConsole {
  console: TestConsole;
  operatorId: string;
  /** The access token of its login session. */
  token: string;
  sip: VoiceCredentials;
}

export async function voiceConsole(t: VoiceTestHub, username: string): Promise<VoiceConsole> {
  const session = await login(t.f.hub.url, username);
  const c = await connectConsole(t.f, session.token);
  await c.snapshot;
  const ack = VoiceCredentialsAck.parse(await c.socket.timeout(5000).emitWithAck(VoiceHubEvents.credentials, {}));
  if (!ack.ok) throw new Error(`no SIP credentials: ${ack.error.message}`);
  return { console: c, operatorId: session.operator.id, token: session.token, sip: ack.credentials };
}

/** Waits for a hub log line whose message starts with `msg` (and whose fields match). */
export async function hubLogged(t: VoiceTestHub, msg: string, fields: Record<string, unknown> = {}): Promise<void> {
  await vi.waitFor(
    () => expect(t.logs().some((l) => l.msg.startsWith(msg) && Object.entries(fields).every(([k, v]) => l[k] === v))).toBe(true),
    { timeout: 15_000, interval: 50 },
  );
}

/** A SIP caller on 127.0.0.5 that sends one INVITE through the hub and returns its final response. */
export async function inviteThroughHub(
  t: VoiceTestHub,
  o: { user: string; password?: string; target: string; headers?: Record<string, string> },
): Promise<SipResponse> {
  const stack: SipStack = await startSipStack({ address: '127.0.0.5', port: 0 }, (rq, _r, s) => s.reply(rq, 405, 'Method Not Allowed'));
  try {
    const hub = `${t.sip.host}:${t.sip.port}`;
    const callId = sipToken();
    const tag = sipToken(4);
    let seq = 0;
    const auth = createDigestClient({ user: o.user, password: o.password ?? DEMO_BEACON_PASSWORD });
    return await requestWithDigest(
      stack,
      () => ({
        method: 'INVITE',
        uri: `sip:${o.target}@${hub}`,
        headers: {
          to: { uri: `sip:${o.target}@${hub}` },
          from: { uri: `sip:${o.user}@127.0.0.5:${stack.port}`, params: { tag } },
          'call-id': callId,
          cseq: { method: 'INVITE', seq: ++seq },
          contact: [{ uri: `sip:${o.user}@127.0.0.5:${stack.port}` }],
          'max-forwards': 70,
          'content-type': 'application/sdp',
          ...o.headers,
        },
        content: 'v=0\r\no=- 1 1 IN IP4 127.0.0.5\r\ns=-\r\nc=IN IP4 127.0.0.5\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n',
      }),
      auth,
    );
  } finally {
    await stack.close();
  }
}

/** A SIP endpoint on our own stack at `address` (CANCEL and bad-input tests); `onRequest` sees every request. */
export async function sipEndpoint(address: string, onRequest: (rq: SipRequest, s: SipStack) => void): Promise<SipStack> {
  return startSipStack({ address, port: 0 }, (rq, _r, s) => onRequest(rq, s));
}

/** REGISTERs `stack` at the hub with a console's credentials; resolves with the final status. */
export async function registerAt(t: VoiceTestHub, stack: SipStack, creds: VoiceCredentials, headers: Record<string, unknown> = {}): Promise<SipResponse> {
  const hub = `${t.sip.host}:${t.sip.port}`;
  const callId = sipToken();
  const tag = sipToken(4);
  let seq = 0;
  const aor = `sip:${creds.user}@${hub}`;
  return requestWithDigest(
    stack,
    () => ({
      method: 'REGISTER',
      uri: `sip:${hub}`,
      headers: {
        to: { uri: aor },
        from: { uri: aor, params: { tag } },
        'call-id': callId,
        cseq: { method: 'REGISTER', seq: ++seq },
        contact: [{ uri: `sip:${creds.user}@${stack.address}:${stack.port}` }],
        expires: 300,
        'max-forwards': 70,
        ...headers,
      },
    }),
    createDigestClient({ user: creds.user, password: creds.password }),
  );
}

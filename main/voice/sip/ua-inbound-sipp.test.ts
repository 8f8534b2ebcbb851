/**
 * The user agent as the callee (a beacon calling the console after snu=0 + mre) and as a
 * registrar's client, with SIPp as the real peer: our own 200 OK retransmission until a
 * late ACK, the call handed to the handler with its From, X-Veille-Case and SDP, BYE from
 * either side, REGISTER with digest, refresh and removal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import { answerOffer } from '../media/sdp';
import { runSippVoice, stopAllSippVoice, tracedMessages } from '../testing/sipp-voice';
import { startSipUa } from './ua';
import type { DialogEnd, IncomingInvite, RegistrationState, SipUa, SipUaOptions } from './types';

const logger = silentLogger();
const PEER = '127.0.71.4';
const open: SipUa[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  await stopAllSippVoice();
});

async function ua(extra: Partial<SipUaOptions> = {}): Promise<SipUa> {
  const u = await startSipUa({ host: '127.0.0.1', port: 0, user: 'console', logger, ...extra });
  open.push(u);
  return u;
}

const nextInvite = (u: SipUa) => new Promise<IncomingInvite>((resolve) => u.onInvite(resolve));
const answer = (invite: IncomingInvite) => answerOffer(invite.remoteSdp, { address: '127.0.0.1', port: 41000 }).sdp;

describe('SIP UA as callee (SIPp calls)', () => {
  it('retransmits its 200 OK until the late ACK, then stops; hands the call over with its case; ends on the caller’s BYE', async () => {
    const us = await ua();
    const incoming = nextInvite(us);
    const peer = await runSippVoice({
      scenario: 'uac-late-ack.xml',
      host: PEER,
      remote: { host: '127.0.0.1', port: us.local.port },
      args: ['-s', 'console'],
      vars: { CASE_ID: 'case-7f3a', ACK_DELAY_MS: 2500, TALK_MS: 2500 },
    });
    const invite = await incoming;
    expect(invite.from).toEqual({ uri: `sip:beacon42@${PEER}:${peer.sip.port}`, user: 'beacon42', displayName: 'Balise 42' });
    expect(invite.caseId).toBe('case-7f3a');
    expect(invite.headers['x-veille-case']).toBe('case-7f3a');
    expect(invite.remoteSdp).toContain('m=audio');
    invite.ringing();
    const dialog = invite.accept(answer(invite));
    expect(dialog.state).toBe('awaiting-ack');
    expect(await dialog.confirmed).toBe(true);
    const end = await new Promise<DialogEnd>((resolve) => dialog.onEnded(resolve));
    expect(end.by).toBe('remote');

    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    const trace = tracedMessages(sipp.messages);
    const ack = trace.findIndex((t) => t.direction === 'sent' && t.startLine.startsWith('ACK '));
    const oks = trace.map((t, i) => ({ ...t, i })).filter((t) => t.direction === 'received' && t.startLine.startsWith('SIP/2.0 200') && /CSeq: 1 INVITE/i.test(t.text));
    // 0 ms, then 500 ms and 1.5 s later, before the ACK at 2.5 s; none after it (the next would be due at 3.5 s).
    expect(oks.filter((t) => t.i < ack).length).toBeGreaterThanOrEqual(3);
    expect(oks.filter((t) => t.i > ack)).toHaveLength(0);
    expect(trace.filter((t) => t.direction === 'received' && t.startLine.startsWith('SIP/2.0 180'))).toHaveLength(1);
  });

  it('hangs up an inbound call with BYE, along the caller’s Record-Route', async () => {
    const us = await ua();
    const incoming = nextInvite(us);
    const peer = await runSippVoice({ scenario: 'uac-await-bye.xml', host: PEER, remote: { host: '127.0.0.1', port: us.local.port }, args: ['-s', 'console'] });
    const invite = await incoming;
    expect(invite.caseId).toBeNull();
    const dialog = invite.accept(answer(invite));
    await dialog.confirmed;
    await dialog.hangup();
    expect(dialog.state).toBe('ended');
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    // The route set from Record-Route: our BYE goes through the "proxy" that asked for it.
    const bye = tracedMessages(sipp.messages).find((t) => t.direction === 'received' && t.startLine.startsWith('BYE '));
    expect(bye?.startLine).toBe(`BYE sip:beacon7@${PEER}:${peer.sip.port} SIP/2.0`);
    expect(bye?.text).toMatch(new RegExp(`^Route: +<sip:${PEER.replace(/\./g, '\\.')}:${peer.sip.port};lr>`, 'm'));
  });

  it('ends the call with BYE when its 200 OK is never ACKed (64·T1; T1 shortened to 50 ms here)', async () => {
    const us = await ua({ timers: { t1Ms: 50, t2Ms: 400 } });
    const incoming = nextInvite(us);
    const peer = await runSippVoice({ scenario: 'uac-no-ack.xml', host: PEER, remote: { host: '127.0.0.1', port: us.local.port }, args: ['-s', 'console'] });
    const invite = await incoming;
    const dialog = invite.accept(answer(invite));
    const end = new Promise<DialogEnd>((resolve) => dialog.onEnded(resolve));
    expect(await dialog.confirmed).toBe(false);
    expect(await end).toEqual({ by: 'timeout', reason: 'no ACK for our 200 OK' });
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    // 3.2 s of retransmissions at 50, 100, 200, 400, 400… ms: far more than one 200 OK.
    const oks = tracedMessages(sipp.messages).filter((t) => t.direction === 'received' && t.startLine.startsWith('SIP/2.0 200'));
    expect(oks.length).toBeGreaterThan(5);
  });

  it('tells the handler when the caller cancels while we ring (200 to CANCEL, 487 to the INVITE)', async () => {
    const us = await ua();
    const incoming = nextInvite(us);
    const peer = await runSippVoice({ scenario: 'uac-cancel.xml', host: PEER, remote: { host: '127.0.0.1', port: us.local.port }, args: ['-s', 'console'] });
    const invite = await incoming;
    const cancelled = new Promise<void>((resolve) => invite.onCancelled(resolve));
    invite.ringing();
    await cancelled;
    expect(invite.state).toBe('cancelled');
    expect(() => invite.accept(answer(invite))).toThrow('cannot be accepted');
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
  });

  it('refuses a call with the status the handler gives', async () => {
    const us = await ua();
    us.onInvite((invite) => invite.reject(486));
    const peer = await runSippVoice({ scenario: 'uac-await-bye.xml', host: PEER, remote: { host: '127.0.0.1', port: us.local.port }, args: ['-s', 'console'] });
    const sipp = await peer.done;
    // The scenario expected a 200: SIPp fails the call, and the trace shows our 486.
    expect(sipp.code).not.toBe(0);
    expect(tracedMessages(sipp.messages).some((t) => t.direction === 'received' && t.startLine === 'SIP/2.0 486 Busy Here')).toBe(true);
  });
});

describe('SIP UA registration (SIPp as registrar)', () => {
  it('registers with digest, refreshes before expiry, and removes its binding on close', async () => {
    const peer = await runSippVoice({ scenario: 'registrar-digest.xml', host: PEER, vars: { NONCE: 'abad1dea', USER: 'op-12', PASSWORD: 's3cret', EXPIRES: 2 } });
    const us = await ua({ registrar: { uri: `sip:${PEER}:${peer.sip.port}`, user: 'op-12', password: 's3cret', expiresS: 60 } });
    const states: RegistrationState[] = [];
    const refreshed = new Promise<void>((resolve) =>
      us.onRegistration((s) => {
        states.push(s);
        if (states.length === 2) resolve();
      }),
    );
    expect(await us.register()).toMatchObject({ state: 'registered', expiresS: 2 });
    await refreshed;
    expect(states[1]).toMatchObject({ state: 'registered', expiresS: 300 });
    await us.close();
    const sipp = await peer.done;
    expect(sipp.code, sipp.errors).toBe(0);
    const registers = tracedMessages(sipp.messages).filter((t) => t.direction === 'received' && t.startLine.startsWith('REGISTER '));
    expect(registers).toHaveLength(4);
    expect(new Set(registers.map((r) => /Call-ID: *(\S+)/i.exec(r.text)?.[1])).size).toBe(1);
  });

  it('reports a refused registration without throwing', async () => {
    const peer = await runSippVoice({ scenario: 'registrar-digest.xml', host: PEER, vars: { NONCE: 'abad1dea', USER: 'op-12', PASSWORD: 's3cret', EXPIRES: 60 } });
    const us = await ua({ registrar: { uri: `sip:${PEER}:${peer.sip.port}`, user: 'op-12', password: 'wrong' } });
    expect(await us.register()).toEqual({ state: 'failed', status: 403, reason: '403 Bad Credentials' });
  });
});

/**
 * Voice routing at the hub against real SIP peers: SIPp plays the beacon and the console
 * (REGISTER with the credentials from the console socket, INVITE with digest, ACK and BYE
 * along the hub's Record-Route), with a real hub, SQLite and console sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CaseHistoryAck } from '@shared/domain/case-history';
import { DEMO_BEACON_PASSWORD } from '../scaip/credentials';
import { mrqXml, runSipp, stopAllSipp } from '../scaip/sipp/sipp-runner';
import { startScaipTestHub, type ScaipTestHub } from '../scaip/test-hub';
import { alarmBody, postAlarm } from '../test-helpers';
import { hubLogged, inviteThroughHub, registerAt, sipEndpoint, voiceConsole } from './voice-test-kit';

const VOICE = '../../voice/sipp';
let t: ScaipTestHub | undefined;
afterEach(async () => {
  await stopAllSipp();
  await t?.f.cleanup();
  t = undefined;
});

/** A PPMS intrusion from a SCAIP beacon (SIPp), answered HOLD; resolves once the beacon has its answer. */
async function alarmFrom(hub: ScaipTestHub, beaconId: string, ref: string, crd?: string): Promise<void> {
  const body = mrqXml({ ref, cid: '4401', dty: '0002', stc: '0010', dco: '002', ...(crd ? { crd } : {}), lte: 'Salle 12' });
  const run = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: hub.sip, beaconId, password: DEMO_BEACON_PASSWORD });
  const r = await run.done;
  expect(r.code, `${r.log}\n${r.errors}`).toBe(0);
}

describe('the hub routes voice calls between beacons and consoles', () => {
  it("a beacon's call after snu 0 reaches the registered console of the operator who took its case, with X-Veille-Case; ACK and BYE cross the hub", async () => {
    t = await startScaipTestHub({ mrs: { attempts: 1 } });
    const op = await voiceConsole(t, 'operateur1');
    expect(op.sip.registrar).toEqual({ host: t.sip.host, port: t.sip.port, transport: 'udp' });
    expect(op.sip.user).toContain(op.operatorId);

    const consoleUa = await runSipp({
      scenario: `${VOICE}/console-register.xml`,
      ooc: `${VOICE}/console-answer-ooc.xml`,
      vars: {},
      target: t.sip,
      beaconId: op.sip.user,
      password: op.sip.password,
      localHost: '127.0.0.3',
    });
    await hubLogged(t, 'voice: console registered', { operatorId: op.operatorId });

    await alarmFrom(t, 'B-1', 'RV1');
    const c = await op.console.waitFor((x) => x.beaconId === 'B-1' && x.status === 'open');
    expect(await op.console.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });
    await t.answered((m, b) => b === 'B-1' && m.ref === 'RV1' && m.snu === 0 && m.mre === 2);

    const beacon = await runSipp({ scenario: `${VOICE}/caller.xml`, vars: { TARGET: 'veille', HEADER: 'X-Note: alarm call' }, target: t.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
    const call = await beacon.done;
    expect(call.code, `${call.log}\n${call.errors}`).toBe(0);
    expect(call.log).toContain('call over');
    const answered = await consoleUa.done;
    expect(answered.code, `${answered.log}\n${answered.errors}`).toBe(0);
    expect(answered.log).toContain(`answered case ${c.id} beacon B-1`);
    await hubLogged(t, 'voice: call ended', { caseId: c.id, by: 'caller' });
  });

  it('refuses a beacon call with a reason phrase while nobody has its case, when the owner has no console registered, and with no case; refusals are in the case history', async () => {
    t = await startScaipTestHub({ mrs: { attempts: 1 } });
    const op = await voiceConsole(t, 'operateur1');

    const none = await inviteThroughHub(t, { user: 'B-2', target: 'veille' });
    expect([none.status, none.reason]).toEqual([480, 'No Open Case For This Beacon']);

    expect((await postAlarm(t.f.hub.url, t.f.key, alarmBody({ beaconId: 'B-1' }))).status).toBeLessThan(300);
    const c = await op.console.waitFor((x) => x.beaconId === 'B-1' && x.status === 'open');
    const unclaimed = await inviteThroughHub(t, { user: 'B-1', target: 'veille' });
    expect([unclaimed.status, unclaimed.reason]).toEqual([480, 'Case Not Yet Taken By An Operator']);

    expect(await op.console.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });
    const unregistered = await inviteThroughHub(t, { user: 'B-1', target: 'veille' });
    expect([unregistered.status, unregistered.reason]).toEqual([480, 'Operator Console Not Registered']);

    const wrongPassword = await inviteThroughHub(t, { user: 'B-1', password: 'not-the-password', target: 'veille' });
    expect(wrongPassword.status).toBe(401);

    await hubLogged(t, 'voice: call refused', { caseId: c.id, why: "the case owner's console is not registered" });
    const history = CaseHistoryAck.parse(await op.console.emitAck('case.history', { caseId: c.id }));
    if (!history.ok) throw new Error(history.error.message);
    expect(history.entries.filter((e) => e.type === 'voice.refused').map((e) => e.payload?.reason)).toEqual([
      'case not yet taken by an operator',
      "the case owner's console is not registered",
    ]);
  });

  it('credentials die with their login session: after a logout the console is no longer called, nor may it register again', async () => {
    t = await startScaipTestHub({ mrs: { attempts: 1 } });
    const op = await voiceConsole(t, 'operateur1');
    const endpoint = await sipEndpoint('127.0.0.3', (rq, s) => rq.method !== 'ACK' && s.reply(rq, 486, 'Busy Here'));
    try {
      expect((await registerAt(t, endpoint, op.sip)).status).toBe(200);
      expect((await postAlarm(t.f.hub.url, t.f.key, alarmBody({ beaconId: 'B-1' }))).status).toBeLessThan(300);
      const c = await op.console.waitFor((x) => x.beaconId === 'B-1' && x.status === 'open');
      expect(await op.console.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });
      // Registered and alive: the call reaches the console (which answers busy here).
      expect((await inviteThroughHub(t, { user: 'B-1', target: 'veille' })).status).toBe(486);

      const r = await fetch(`${t.f.hub.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${op.token}` } });
      expect(r.status).toBeLessThan(300);
      const after = await inviteThroughHub(t, { user: 'B-1', target: 'veille' });
      expect([after.status, after.reason]).toEqual([480, 'Operator Console Not Registered']);
      const again = await registerAt(t, endpoint, op.sip);
      expect([again.status, again.reason]).toEqual([403, 'Session Ended']);
    } finally {
      await endpoint.close();
    }
  });
});

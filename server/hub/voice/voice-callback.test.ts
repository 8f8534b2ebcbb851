/**
 * A console calling a beacon back through the hub (SCAIP cha=1): SIPp plays the beacon (its
 * MESSAGE gives its crd, then it answers) and the console (INVITE sip:<beaconId>@hub with
 * its ephemeral credentials). Only the owner of an open case of the beacon gets through, or
 * a technical test call with its reason.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { VOICE_SIP_HEADERS } from '@shared/hub-protocol/voice';
import { DEMO_BEACON_PASSWORD } from '../scaip/credentials';
import { mrqXml, runSipp, stopAllSipp } from '../scaip/sipp/sipp-runner';
import { startScaipTestHub } from '../scaip/test-hub';
import { captureLogger, startFixture } from '../test-helpers';
import { hubLogged, inviteThroughHub, voiceConsole, type VoiceTestHub } from './voice-test-kit';

const VOICE = '../../voice/sipp';
let t: VoiceTestHub | undefined;
afterEach(async () => {
  await stopAllSipp();
  await t?.f.cleanup();
  t = undefined;
});

/** A beacon that answers one call at `host`, after telling the hub where with an alarm's crd. */
async function answeringBeacon(hub: VoiceTestHub, beaconId: string, host: string, ref: string) {
  const uas = await runSipp({ scenario: `${VOICE}/beacon-answer.xml`, ooc: null, vars: {}, target: hub.sip, beaconId, password: DEMO_BEACON_PASSWORD, localHost: host });
  await alarmWithCrd(hub, beaconId, ref, `sip:${beaconId}@${host}:${uas.local.port}`);
  return uas;
}

/** A PPMS intrusion from `beaconId` (SIPp) giving `crd` as its caller id; resolves once it has its HOLD. */
async function alarmWithCrd(hub: VoiceTestHub, beaconId: string, ref: string, crd: string): Promise<void> {
  const body = mrqXml({ ref, cid: '4401', dty: '0002', stc: '0010', dco: '002', crd, lte: 'Salle 3' });
  const alarm = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: hub.sip, beaconId, password: DEMO_BEACON_PASSWORD });
  const r = await alarm.done;
  expect(r.code, `${r.log}\n${r.errors}`).toBe(0);
}

describe('a console calls a beacon back through the hub', () => {
  it('only the operator who owns an open case of the beacon gets through, to the beacon’s crd; ACK and BYE cross the hub', async () => {
    t = await startScaipTestHub({ mrs: { attempts: 1 } });
    const owner = await voiceConsole(t, 'operateur1');
    const colleague = await voiceConsole(t, 'operateur2');
    const beacon = await answeringBeacon(t, 'B-1', '127.0.0.4', 'RC1');
    const c = await owner.console.waitFor((x) => x.beaconId === 'B-1' && x.status === 'open');

    const beforeClaim = await inviteThroughHub(t, { user: owner.sip.user, password: owner.sip.password, target: 'B-1' });
    expect([beforeClaim.status, beforeClaim.reason]).toEqual([403, 'Not Owner Of An Open Case Of This Beacon']);
    expect(await owner.console.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });
    const notOwner = await inviteThroughHub(t, { user: colleague.sip.user, password: colleague.sip.password, target: 'B-1' });
    expect([notOwner.status, notOwner.reason]).toEqual([403, 'Not Owner Of An Open Case Of This Beacon']);
    await hubLogged(t, 'voice: call refused', { operatorId: colleague.operatorId, why: 'the case is owned by another operator' });

    const call = await runSipp({
      scenario: `${VOICE}/caller.xml`,
      vars: { TARGET: 'B-1', HEADER: 'X-Note: callback' },
      target: t.sip,
      beaconId: owner.sip.user,
      password: owner.sip.password,
      localHost: '127.0.0.3',
    });
    const placed = await call.done;
    expect(placed.code, `${placed.log}\n${placed.errors}`).toBe(0);
    const answered = await beacon.done;
    expect(answered.code, `${answered.log}\n${answered.errors}`).toBe(0);
    expect(answered.log).toContain('callback answered');
    await hubLogged(t, 'voice: callback to the beacon routed', { caseId: c.id, operatorId: owner.operatorId, contact: `sip:B-1@127.0.0.4:${beacon.local.port}` });
  });

  it('a technical test call with its reason reaches a beacon without a case, and is logged with the reason', async () => {
    t = await startScaipTestHub({ mrs: { attempts: 1 } });
    const tech = await voiceConsole(t, 'superviseur');
    const beacon = await answeringBeacon(t, 'B-2', '127.0.0.6', 'RC2');
    const reason = 'Vérification du haut-parleur après intervention';
    const call = await runSipp({
      scenario: `${VOICE}/caller.xml`,
      vars: { TARGET: 'B-2', HEADER: `${VOICE_SIP_HEADERS.testReason}: ${reason}` },
      target: t.sip,
      beaconId: tech.sip.user,
      password: tech.sip.password,
      localHost: '127.0.0.3',
    });
    const placed = await call.done;
    expect(placed.code, `${placed.log}\n${placed.errors}`).toBe(0);
    expect((await beacon.done).code).toBe(0);
    await hubLogged(t, 'voice: technical test call to a beacon routed', { operatorId: tech.operatorId, testReason: reason, beaconId: 'B-2' });
  });

  it("with the centre's SIP proxy in front of the beacons, a callback goes to the proxy with the beacon's URI", async () => {
    const { logger, lines } = captureLogger();
    // The "proxy" answers the call itself: the beacon's own crd names an address where nothing listens.
    const proxy = await runSipp({ scenario: `${VOICE}/beacon-answer.xml`, ooc: null, vars: {}, target: { host: '127.0.0.1', port: 5060 }, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD, localHost: '127.0.0.7' });
    const f = await startFixture(undefined, { logger: logger as unknown as pino.Logger, sip: { host: '127.0.0.1', port: 0, mrs: { attempts: 1 } }, voice: { beaconProxy: { host: '127.0.0.7', port: proxy.local.port } } });
    t = { f, sip: f.hub.sip!, logs: lines };
    const owner = await voiceConsole(t, 'operateur1');
    await alarmWithCrd(t, 'B-1', 'RC3', 'sip:B-1@127.0.0.9:5999');
    const c = await owner.console.waitFor((x) => x.beaconId === 'B-1' && x.status === 'open');
    expect(await owner.console.command({ type: 'claim', caseId: c.id })).toMatchObject({ ok: true });
    const call = await runSipp({ scenario: `${VOICE}/caller.xml`, vars: { TARGET: 'B-1', HEADER: 'X-Note: callback' }, target: t.sip, beaconId: owner.sip.user, password: owner.sip.password, localHost: '127.0.0.3' });
    const placed = await call.done;
    expect(placed.code, `${placed.log}\n${placed.errors}`).toBe(0);
    expect((await proxy.done).log).toContain('callback answered');
  });

  it('a console calling something that is not a beacon is told to use the trunk', async () => {
    t = await startScaipTestHub();
    const op = await voiceConsole(t, 'operateur1');
    const rs = await inviteThroughHub(t, { user: op.sip.user, password: op.sip.password, target: '17' });
    expect([rs.status, rs.reason]).toEqual([404, 'Not A Beacon (Call Outside Parties Through The Trunk)']);
  });
});

/**
 * The SCAIP receiver end to end: SIPp plays the beacon (digest auth, HOLD re-sends, the
 * centre's mrs in its own MESSAGE), a real hub with SQLite, a real console socket.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import { connectConsole, login } from '../test-helpers';
import { DEMO_BEACON_PASSWORD } from './credentials';
import { mrqXml, runSipp, stopAllSipp } from './sipp/sipp-runner';
import { startScaipTestHub, type ScaipTestHub } from './test-hub';

let t: ScaipTestHub | undefined;
afterEach(async () => {
  await stopAllSipp();
  await t?.f.cleanup();
  t = undefined;
});

describe('a SCAIP beacon (SIPp) with digest authentication', () => {
  it.each([
    ['a PPMS beacon (button 1: intrusion)', 'B-1', { dty: '0002', stc: '0010', dco: '002', lte: 'Hall côté cour' }, 'ppms.intrusion', 2],
    ['a lone worker (DATI pendant: SOS)', 'B-2', { dty: '0003', stc: '0010', lte: 'Accueil CCAS' }, 'pti.sos', 1],
  ] as const)(
    '%s: its alarm reaches a console queue, HOLD answered to it and its re-sends, then snu 0 with the voice mode of the case when an operator takes it',
    async (_who, beaconId, fields, kind, mre) => {
      t = await startScaipTestHub();
      const { f, sip, answers, answered } = t;
      const op = await connectConsole(f, (await login(f.hub.url, 'operateur1')).token);
      await op.snapshot;
      const ref = `R${beaconId.replace('-', '')}X1`;
      const beacon = await runSipp({
        scenario: 'luc-alarm-hold.xml',
        vars: { BODY: mrqXml({ ref, cid: '4401', ...fields }), RESEND_MS: 200, MIN_HOLDS: 2, EXPECT_MRE: mre },
        target: sip,
        beaconId,
        password: DEMO_BEACON_PASSWORD,
      });

      const queued: Case = await op.waitFor((c) => c.beaconId === beaconId && c.status === 'open');
      expect(queued).toMatchObject({ kind, priority: 1, text: fields.lte });
      // The first answer and at least one re-send's, both HOLD.
      await answered((m) => m.ref === ref && m.snu === 4, 2);
      expect(await op.command({ type: 'claim', caseId: queued.id })).toMatchObject({ ok: true });

      const result = await beacon.done;
      expect(result.code, `${result.log}\n${result.errors}`).toBe(0);
      expect(result.log).toContain(`OK for ref ${ref}: snu 0 mre ${mre}`);
      expect(answers.filter((a) => a.mrs.ref === ref).at(-1)?.mrs).toEqual({ ref, snu: 0, mre });
      // However many re-sends: one alarm, one case.
      expect(t.alarmsWithRef(ref)).toBe(1);
      expect(op.deltas.filter((c) => c.beaconId === beaconId && c.version === 1)).toHaveLength(1);
    },
  );

  it('never tells a beacon HOLD after OK: a re-send after the case was released gets the OK again', async () => {
    t = await startScaipTestHub();
    const op = await connectConsole(t.f, (await login(t.f.hub.url, 'operateur1')).token);
    await op.snapshot;
    const body = mrqXml({ ref: 'REL1', cid: '4401', dty: '0003', stc: '0010' });
    const first = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: t.sip, beaconId: 'B-2', password: DEMO_BEACON_PASSWORD });
    expect((await first.done).code).toBe(0);
    const queued = await op.waitFor((c) => c.beaconId === 'B-2' && c.status === 'open');
    expect(await op.command({ type: 'claim', caseId: queued.id })).toMatchObject({ ok: true });
    await t.answered((m) => m.ref === 'REL1' && m.snu === 0);
    expect(await op.command({ type: 'release', caseId: queued.id })).toMatchObject({ ok: true });
    await op.waitFor((c) => c.id === queued.id && c.status === 'open' && c.version > queued.version);

    const again = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 0 }, target: t.sip, beaconId: 'B-2', password: DEMO_BEACON_PASSWORD });
    expect((await again.done).code).toBe(0);
    expect(t.answers.filter((a) => a.mrs.ref === 'REL1').map((a) => a.mrs)).toEqual([
      { ref: 'REL1', snu: 4 },
      { ref: 'REL1', snu: 0, mre: 1 },
      { ref: 'REL1', snu: 0, mre: 1 },
    ]);
  });

  it('sending the same message 5 times makes one alarm; each is answered HOLD', async () => {
    t = await startScaipTestHub();
    const op = await connectConsole(t.f, (await login(t.f.hub.url, 'operateur1')).token);
    await op.snapshot;
    const ref = 'FIVE5';
    const run = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref, cid: '4401', dty: '0002', stc: '0010', dco: '003' }), COUNT: 5, EXPECT_SNU: 4 },
      target: t.sip,
      beaconId: 'B-1',
      password: DEMO_BEACON_PASSWORD,
    });
    const result = await run.done;
    expect(result.code, `${result.log}\n${result.errors}`).toBe(0);
    expect(result.log).toContain(`mrs 5.000000: ref ${ref} snu 4`);
    expect(t.answers.filter((a) => a.mrs.ref === ref).map((a) => a.mrs.snu)).toEqual([4, 4, 4, 4, 4]);
    expect(t.alarmsWithRef(ref)).toBe(1);
    const c = await op.waitFor((x) => x.beaconId === 'B-1');
    expect(c).toMatchObject({ kind: 'ppms.confinement', alarmCount: 1, status: 'open' });
  });

  it('answers a fault at once (snu 0, no HOLD) and puts it in the queue as technical', async () => {
    t = await startScaipTestHub();
    const op = await connectConsole(t.f, (await login(t.f.hub.url, 'operateur1')).token);
    await op.snapshot;
    const run = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'BAT1', cid: '4401', dty: '0002', stc: '16', stt: 'Batterie 12 %' }), COUNT: 1, EXPECT_SNU: 0 },
      target: t.sip,
      beaconId: 'B-1',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await run.done).code).toBe(0);
    expect(await op.waitFor((c) => c.beaconId === 'B-1')).toMatchObject({ kind: 'device.low-battery', priority: 4, text: 'Batterie 12 %' });
    expect(t.answers).toEqual([{ beaconId: 'B-1', mrs: { ref: 'BAT1', snu: 0 } }]);
  });

  it('answers a heartbeat snu 0 with the beacon\'s period in hbi (it accepts one) and records it', async () => {
    t = await startScaipTestHub();
    const run = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'HB1', cid: '4401', dty: '0002', mty: 'PI', hbo: '001' }), COUNT: 1, EXPECT_SNU: 0 },
      target: t.sip,
      beaconId: 'B-2',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await run.done).code).toBe(0);
    // B-2 is a lone worker's beacon: supervised every 15 min by default.
    expect(t.answers).toEqual([{ beaconId: 'B-2', mrs: { ref: 'HB1', snu: 0, hbi: 15 } }]);
    expect(t.alarmsWithRef('HB1')).toBe(0);
  });

  it('joins an information update (IN) to its alarm\'s case and answers it with the alarm\'s state (HOLD while nobody has it)', async () => {
    t = await startScaipTestHub();
    const op = await connectConsole(t.f, (await login(t.f.hub.url, 'operateur1')).token);
    await op.snapshot;
    const alarm = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'IN1', cid: '4401', dty: '0003', stc: '0010' }), COUNT: 1, EXPECT_SNU: 4 },
      target: t.sip,
      beaconId: 'B-2',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await alarm.done).code).toBe(0);
    const opened = await op.waitFor((c) => c.beaconId === 'B-2');
    const info = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'IN1', cid: '4401', dty: '0003', stc: '0010', mty: 'IN', ite: 'Agent au 1er étage' }), COUNT: 1, EXPECT_SNU: 4 },
      target: t.sip,
      beaconId: 'B-2',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await info.done).code).toBe(0);
    await op.waitFor((c) => c.id === opened.id && c.version > opened.version);
    expect(t.alarmsWithRef('IN1')).toBe(1);
  });

  it('works over TCP too (the mrs comes back on the beacon\'s connection)', async () => {
    t = await startScaipTestHub({ tcp: true });
    const run = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'TCP1', cid: '4401', dty: '0002', stc: '0085', stt: 'Secteur coupé' }), COUNT: 1, EXPECT_SNU: 0 },
      target: t.sip,
      beaconId: 'B-1',
      password: DEMO_BEACON_PASSWORD,
      transport: 'tcp',
    });
    expect((await run.done).code).toBe(0);
    expect(t.answers).toEqual([{ beaconId: 'B-1', mrs: { ref: 'TCP1', snu: 0 } }]);
  });

  it('answers busy (snu 6) when the alarm cannot be stored, logs it, and takes the re-send once storage is back', async () => {
    t = await startScaipTestHub();
    const body = mrqXml({ ref: 'DB1', cid: '4401', dty: '0002', stc: '0010' });
    // A real storage failure: the alarms table disappears under the running hub.
    const db = new Database(join(t.f.dataDir, 'hub.sqlite'));
    try {
      db.exec('alter table alarms rename to alarms_away');
      const refused = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 6 }, target: t.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
      expect((await refused.done).code).toBe(0);
      expect(t.logs().some((l) => l.msg === 'scaip: message not taken in: answered busy' && l.ref === 'DB1')).toBe(true);
      db.exec('alter table alarms_away rename to alarms');
    } finally {
      db.close();
    }
    const resent = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: 4 }, target: t.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
    expect((await resent.done).code).toBe(0);
    expect(t.alarmsWithRef('DB1')).toBe(1);
  });

  it('joins an abort (RE) to its alarm\'s case and answers it snu 0', async () => {
    t = await startScaipTestHub();
    const op = await connectConsole(t.f, (await login(t.f.hub.url, 'operateur1')).token);
    await op.snapshot;
    const alarm = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'AB1', cid: '4401', dty: '0003', stc: '0010' }), COUNT: 1, EXPECT_SNU: 4 },
      target: t.sip,
      beaconId: 'B-2',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await alarm.done).code).toBe(0);
    const abort = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'AB1', cid: '4401', dty: '0003', stc: '0010', mty: 'RE', stt: 'Appel abandonné' }), COUNT: 1, EXPECT_SNU: 0 },
      target: t.sip,
      beaconId: 'B-2',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await abort.done).code).toBe(0);
    const marked = await op.waitFor((c) => c.beaconId === 'B-2' && c.beaconAbort !== null);
    expect(marked.beaconAbort).toMatchObject({ text: 'Appel abandonné' });
    expect(t.alarmsWithRef('AB1')).toBe(1);
  });
});

/**
 * The SCAIP receiver end to end: SIPp plays the beacon (digest auth, HOLD re-sends, the
 * centre's mrs in its own MESSAGE), a real hub with SQLite, a real console socket.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import { connectConsole, login, startFixture, type Fixture } from '../test-helpers';
import { DEMO_BEACON_PASSWORD } from './credentials';
import type { Mrs } from './message';
import { mrqXml, runSipp, stopAllSipp } from './sipp/sipp-runner';

let f: Fixture | undefined;
afterEach(async () => {
  await stopAllSipp();
  await f?.cleanup();
  f = undefined;
});

/** Alarm rows stored with this reference (read from the hub's own database file). */
function alarmsWithRef(fx: Fixture, ref: string): number {
  const db = new Database(join(fx.dataDir, 'hub.sqlite'), { readonly: true });
  try {
    const a = db.prepare('select count(*) as n from alarms where reference = ?').get(ref) as { n: number };
    return a.n;
  } finally {
    db.close();
  }
}

/** A hub with its SCAIP port, and the answers it sends, awaitable. */
async function scaipHub() {
  const answers: { beaconId: string; mrs: Mrs }[] = [];
  const waiters: { pred: (a: { beaconId: string; mrs: Mrs }) => boolean; resolve: () => void }[] = [];
  f = await startFixture(undefined, {
    sip: {
      host: '127.0.0.1',
      port: 0,
      onAnswer: (beaconId, mrs) => {
        answers.push({ beaconId, mrs });
        for (const w of [...waiters]) if (w.pred({ beaconId, mrs })) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
      },
    },
  });
  const sip = f.hub.sip;
  if (!sip) throw new Error('the hub opened no SIP port');
  /** Resolves when `n` answers match. */
  const answered = (pred: (mrs: Mrs) => boolean, n = 1) =>
    new Promise<void>((resolve) => {
      const check = () => answers.filter((a) => pred(a.mrs)).length >= n;
      if (check()) return resolve();
      waiters.push({ pred: () => check(), resolve });
    });
  return { f, sip, answers, answered };
}

describe('a SCAIP beacon (SIPp) with digest authentication', () => {
  it('gets its alarm into a console queue, HOLD while nobody has it, re-sends answered, then snu 0 with discreet listening when an operator takes it', async () => {
    const { f, sip, answers, answered } = await scaipHub();
    const op = await connectConsole(f, (await login(f.hub.url, 'operateur1')).token);
    await op.snapshot;
    const ref = 'A1B2C3';
    const beacon = await runSipp({
      scenario: 'luc-alarm-hold.xml',
      vars: { BODY: mrqXml({ ref, cid: '4401', dty: '0002', stc: '0010', dco: '002', lte: 'Hall côté cour' }), RESEND_MS: 200, MIN_HOLDS: 2, EXPECT_MRE: 2 },
      target: sip,
      beaconId: 'B-1',
      password: DEMO_BEACON_PASSWORD,
    });

    const queued: Case = await op.waitFor((c) => c.beaconId === 'B-1' && c.status === 'open');
    expect(queued).toMatchObject({ kind: 'ppms.intrusion', priority: 1, siteName: 'École Jean Jaurès', text: 'Hall côté cour' });
    // The first answer and one re-send's, both HOLD.
    await answered((m) => m.ref === ref && m.snu === 4, 2);
    const ack = await op.command({ type: 'claim', caseId: queued.id });
    expect(ack).toMatchObject({ ok: true });

    const result = await beacon.done;
    expect(result.code, result.errors).toBe(0);
    expect(result.log).toContain(`OK for ref ${ref}: snu 0 mre 2`);
    const mine = answers.filter((a) => a.mrs.ref === ref);
    expect(mine.at(-1)?.mrs).toEqual({ ref, snu: 0, mre: 2 });
    // However many re-sends: one alarm, one case.
    expect(alarmsWithRef(f, ref)).toBe(1);
    expect(op.deltas.filter((c) => c.beaconId === 'B-1' && c.version === 1)).toHaveLength(1);
  });
});

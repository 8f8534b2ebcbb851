/**
 * The simulated beacons' SCAIP behaviour, against a scripted centre on our SIP stack (the
 * real hub's receiver is exercised in scaip-hub.test.ts): digest, mrs answered 200, HOLD
 * re-sends of the same ref, RE after the polling time, heartbeats with hbi.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildMrs, parseMrq, type Mrq, type Mrs } from '../../hub/scaip/message';
import { createDigestServer, decodeBody, digestHa1, encodeBody, sipToken, startSipStack, type SipRequest, type SipStack } from '../../sip/index';
import { silent } from '../../hub/test-helpers';
import { SendError } from '../sender';
import { startScaipBeacons, type ScaipBeacons } from './beacons';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

interface Arc {
  stack: SipStack;
  /** Every authenticated mrq, in order. */
  mrqs: Mrq[];
  /** Status codes of the beacons' answers to our mrs MESSAGEs. */
  mrsAnswers: number[];
  next(pred: (m: Mrq) => boolean): Promise<Mrq>;
}

/** A centre: digest (user = beacon id), 200, then its mrs as its own MESSAGE to the beacon's Contact. */
async function startArc(answer: (m: Mrq, nth: number) => Mrs): Promise<Arc> {
  const digest = createDigestServer({ realm: 'veille' });
  const mrqs: Mrq[] = [];
  const mrsAnswers: number[] = [];
  const waiters: { pred: (m: Mrq) => boolean; resolve: (m: Mrq) => void }[] = [];
  const seen = new Map<string, number>();
  const stack = await startSipStack({ address: '127.0.0.1', port: 0 }, (rq, _remote, s) => {
    void digest.verify(rq, (u) => (u === 'B-1' ? digestHa1('B-1', 'veille', 'secret') : null)).then(async (v) => {
      if (!v.ok) return s.reply(rq, 401, 'Unauthorized', { headers: { 'www-authenticate': digest.challenge(v.reason === 'stale') } });
      s.reply(rq, 200, 'OK');
      const r = parseMrq(decodeBody(rq.content));
      if (!r.ok) return;
      mrqs.push(r.mrq);
      for (const w of [...waiters]) {
        if (!w.pred(r.mrq)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(r.mrq);
      }
      const nth = (seen.get(r.mrq.ref) ?? 0) + 1;
      seen.set(r.mrq.ref, nth);
      const contact = (rq.headers.contact as { uri: string }[])[0]!.uri;
      const mrs: SipRequest = {
        method: 'MESSAGE',
        uri: contact,
        headers: {
          to: { uri: contact },
          from: { uri: `sip:veille@127.0.0.1:${s.port}`, params: { tag: sipToken(4) } },
          'call-id': sipToken(),
          cseq: { method: 'MESSAGE', seq: 1 },
          'content-type': 'application/scaip+xml',
        },
        content: encodeBody(buildMrs(answer(r.mrq, nth))),
      };
      mrsAnswers.push((await s.request(mrs)).status);
    });
  });
  open.push(stack);
  return {
    stack,
    mrqs,
    mrsAnswers,
    next: (pred) => {
      const have = mrqs.find(pred);
      return have ? Promise.resolve(have) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}

async function beacons(arc: Arc, over: Partial<Parameters<typeof startScaipBeacons>[0]> = {}): Promise<ScaipBeacons> {
  const b = await startScaipBeacons({
    hub: { host: '127.0.0.1', port: arc.stack.port },
    credentials: (id) => ({ user: id, password: 'secret' }),
    holdResendMs: { min: 30, max: 60 },
    logger: silent,
    seed: 1,
    ...over,
  });
  open.push(b);
  return b;
}

const alarm = (reference: string) => ({
  reference,
  occurredAt: new Date().toISOString(),
  alarm: { beaconId: 'B-1', kind: 'ppms.intrusion' as const, drill: false, text: 'Alerte intrusion', position: { lat: 47.27, lon: -2.21 } },
});

describe('simulated SCAIP beacons', () => {
  it('sign with digest, get the mrs in its own MESSAGE and answer it 200; snu 0 ends the session', async () => {
    const arc = await startArc((m) => ({ ref: m.ref, snu: 0, mre: 2 }));
    const seen: Mrs[] = [];
    const b = await beacons(arc, { onMrs: (_id, m) => seen.push(m) });
    const r = await b.transport.send(alarm('A1'));
    expect(r).toMatchObject({ reference: 'A1', acknowledged: true, snu: 0 });
    expect(arc.mrqs).toEqual([expect.objectContaining({ ref: 'A1', dty: '0007', dco: '002', stc: '0010', mty: 'ME' })]);
    expect(seen).toEqual([{ ref: 'A1', snu: 0, mre: 2 }]);
    await expect.poll(() => arc.mrsAnswers).toEqual([200]);
    expect(b.openSessions()).toBe(0);
  });

  it('on HOLD re-send the same mrq (same ref) until snu 0, then stop', async () => {
    const arc = await startArc((m, nth) => ({ ref: m.ref, snu: nth < 3 ? 4 : 0, ...(nth < 3 ? {} : { mre: 1 }) }));
    const b = await beacons(arc);
    expect(await b.transport.send(alarm('H1'))).toMatchObject({ acknowledged: true, snu: 4 });
    expect(b.openSessions()).toBe(1);
    await expect.poll(() => b.counts().mrs['0']).toBe(1);
    expect(arc.mrqs.map((m) => `${m.ref}/${m.mty}`)).toEqual(['H1/ME', 'H1/ME', 'H1/ME']);
    expect(b.counts()).toMatchObject({ holdResends: 2, aborts: 0 });
    expect(b.openSessions()).toBe(0);
  });

  it('gives up after the polling time and sends RE with the same ref', async () => {
    const arc = await startArc((m) => ({ ref: m.ref, snu: m.mty === 'RE' ? 0 : 4 }));
    const b = await beacons(arc, { holdGiveUpMs: 200 });
    await b.transport.send(alarm('G1'));
    const re = await arc.next((m) => m.mty === 'RE');
    expect(re).toMatchObject({ ref: 'G1', dty: '0007', dco: '002' });
    expect(b.counts().aborts).toBe(1);
    expect(arc.mrqs.filter((m) => m.mty === 'ME').length).toBeGreaterThan(1);
    expect(new Set(arc.mrqs.map((m) => m.ref))).toEqual(new Set(['G1']));
  });

  it('sends heartbeats (PI, hbo=001) and takes the hbi it is given', async () => {
    const arc = await startArc((m) => ({ ref: m.ref, snu: 0, ...(m.mty === 'PI' ? { hbi: 15 } : {}) }));
    const b = await beacons(arc, { heartbeatMs: 100 });
    expect(await b.heartbeat('B-1')).toMatchObject({ snu: 0, hbi: 15 });
    expect(arc.mrqs).toEqual([expect.objectContaining({ mty: 'PI', acceptsHeartbeatInterval: true, did: 'B-1' })]);
    b.startHeartbeats(['B-1']);
    await expect.poll(() => arc.mrqs.length).toBe(2);
  });

  it('a wrong password is refused at SIP level: a clear, non-retryable error', async () => {
    const arc = await startArc((m) => ({ ref: m.ref, snu: 0 }));
    const b = await beacons(arc, { credentials: (id) => ({ user: id, password: 'wrong' }) });
    const err = await b.transport.send(alarm('W1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ retryable: false, message: 'hub answered the MESSAGE 401 Unauthorized' });
    expect(arc.mrqs).toEqual([]);
  });
});

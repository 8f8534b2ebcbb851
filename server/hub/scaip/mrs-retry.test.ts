/**
 * The centre's <mrs> is retried until the beacon answers it 2xx (our own SIP user agent as
 * the beacon, so it can refuse on purpose), and given up, loudly, after the last attempt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody, encodeBody } from '../../sip/body';
import { createDigestClient } from '../../sip/digest-client';
import { requestWithDigest } from '../../sip/send-signed';
import { sipToken, startSipStack, type SipStack } from '../../sip/stack';
import { DEMO_BEACON_PASSWORD } from './credentials';
import { startScaipTestHub, type ScaipTestHub } from './test-hub';

let t: ScaipTestHub | undefined;
let ua: SipStack | undefined;
afterEach(async () => {
  await ua?.close();
  await t?.f.cleanup();
  t = ua = undefined;
});

/** A beacon that answers the centre's MESSAGEs with the statuses given, then 200. */
async function beacon(statuses: number[]) {
  const received: string[] = [];
  const waiters: (() => void)[] = [];
  ua = await startSipStack({ address: '127.0.0.4', port: 0 }, (rq, _r, s) => {
    received.push(decodeBody(rq.content));
    s.reply(rq, statuses.shift() ?? 200, 'As planned');
    for (const w of waiters.splice(0)) w();
  });
  const stack = ua;
  const until = (n: number) => new Promise<void>((resolve) => (received.length >= n ? resolve() : waiters.push(() => void until(n).then(resolve))));
  const send = async (hub: ScaipTestHub, body: string) => {
    const uri = `sip:veille@${hub.sip.host}:${hub.sip.port}`;
    const me = `sip:B-1@127.0.0.4:${stack.port}`;
    const rs = await requestWithDigest(
      stack,
      () => ({
        method: 'MESSAGE',
        uri,
        headers: { to: { uri }, from: { uri: me, params: { tag: sipToken(4) } }, 'call-id': sipToken(), cseq: { method: 'MESSAGE', seq: 1 }, contact: [{ uri: me }], 'content-type': 'application/scaip+xml' },
        content: encodeBody(body),
      }),
      createDigestClient({ user: 'B-1', password: DEMO_BEACON_PASSWORD }),
    );
    expect(rs.status).toBe(200);
  };
  return { received, until, send };
}

describe('the mrs MESSAGE to the beacon', () => {
  it('is sent again until the beacon answers 2xx', async () => {
    t = await startScaipTestHub({ mrs: { retryMs: 20 } });
    const b = await beacon([503, 480]);
    await b.send(t, '<mrq><ref>RT1</ref><cid>1</cid><dty>0002</dty><stc>0016</stc></mrq>');
    await b.until(3);
    expect(b.received).toEqual(Array(3).fill('<mrs><ref>RT1</ref><snu>0</snu></mrs>'));
  });

  it('is given up after the last attempt, with an error in the log', async () => {
    t = await startScaipTestHub({ mrs: { retryMs: 20, attempts: 3 } });
    const b = await beacon([503, 503, 503, 503]);
    await b.send(t, '<mrq><ref>RT2</ref><cid>1</cid><dty>0002</dty><stc>0016</stc></mrq>');
    await b.until(3);
    await expect.poll(() => t!.logs().some((l) => l.msg === 'scaip: mrs given up: the beacon never acknowledged it' && l.ref === 'RT2')).toBe(true);
    expect(b.received).toHaveLength(3);
  });
});

/**
 * Bad SCAIP messages, sent by SIPp as a beacon would: each gets the snu the sender expects
 * (SS 91100: 1 too long, 2 invalid format, 3 wrong data, 7 mandatory tag missing, 10
 * reference missing), is logged, opens no case; a bad digest or an unknown beacon is
 * refused (401) and logged; and the hub keeps serving: a good alarm after the corpus
 * reaches the console. One SIPp run per message, one hub for the whole corpus.
 */
import { createSocket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectConsole, login, WARN, type TestConsole } from '../test-helpers';
import { DEMO_BEACON_PASSWORD } from './credentials';
import { MAX_SCAIP_BODY_BYTES } from './message';
import { createDigestClient } from '../../sip/digest-client';
import { encodeBody } from '../../sip/body';
import { requestWithDigest } from '../../sip/send-signed';
import { sipToken, startSipStack } from '../../sip/stack';
import { mrqXml, runSipp, stopAllSipp } from './sipp/sipp-runner';
import { startScaipTestHub, type ScaipTestHub } from './test-hub';

let t: ScaipTestHub;
let op: TestConsole;
beforeAll(async () => {
  t = await startScaipTestHub();
  op = await connectConsole(t.f, (await login(t.f.hub.url, 'operateur1')).token);
  await op.snapshot;
}, 30_000);
afterEach(() => stopAllSipp());
afterAll(() => t.f.cleanup());

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('a corpus of bad SCAIP messages', () => {
  it.each([
    ['bad XML (unclosed tags)', '<mrq><ref>BX1</ref><cid>1</cid><dty>3</mrq>', 2, 'BX1'],
    ['an external entity (DOCTYPE)', '<!DOCTYPE mrq SYSTEM "file:///etc/passwd"><mrq><ref>BX2</ref><cid>1</cid><dty>3</dty><dte>&xxe;</dte></mrq>', 2, 'BX2'],
    ['no reference', '<mrq><cid>1</cid><dty>3</dty></mrq>', 10, ''],
    ['no controller id (cid)', '<mrq><ref>BX4</ref><dty>3</dty></mrq>', 7, 'BX4'],
    ['no device type', '<mrq><ref>BX5</ref><cid>1</cid></mrq>', 7, 'BX5'],
    ['a priority that is not a number', '<mrq><ref>BX6</ref><cid>1</cid><dty>3</dty><pri>haute</pri></mrq>', 3, 'BX6'],
    ['a status code that is not one', '<mrq><ref>BX7</ref><cid>1</cid><dty>3</dty><stc>alarm</stc></mrq>', 3, 'BX7'],
    ['a controller id with letters', '<mrq><ref>BX8</ref><cid>12AB</cid><dty>3</dty></mrq>', 3, 'BX8'],
    ['an unknown message type', '<mrq><ref>BX9</ref><cid>1</cid><dty>3</dty><mty>ZZ</mty></mrq>', 3, 'BX9'],
    ['an oversize body', `<mrq><ref>BXA</ref><cid>1</cid><dty>3</dty><ite>${'x'.repeat(MAX_SCAIP_BODY_BYTES)}</ite></mrq>`, 1, 'BXA'],
    ['a Latin-1 body (not UTF-8)', latin1('<mrq><ref>BXB</ref><cid>1</cid><dty>3</dty><lte>Kök</lte></mrq>'), 2, 'BXB'],
    ['not XML at all', 'ALARM!!', 2, ''],
  ] as const)('%s: answered snu %s, logged, no alarm', async (_what, body, snu, ref) => {
    const before = t.answers.length;
    const run = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: body, COUNT: 1, EXPECT_SNU: snu }, target: t.sip, beaconId: 'B-1', password: DEMO_BEACON_PASSWORD });
    const result = await run.done;
    expect(result.code, `${result.log}\n${result.errors}`).toBe(0);
    const answer = t.answers.slice(before);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.mrs).toMatchObject({ ref, snu });
    expect(answer[0]!.mrs.ste).toEqual(expect.any(String));
    expect(t.logs().some((l) => l.level === WARN && l.msg === 'scaip: message refused' && l.snu === snu)).toBe(true);
    if (ref) expect(t.alarmsWithRef(ref)).toBe(0);
  });

  it('a billion-laughs entity expansion (internal DTD) is refused snu 2 without expanding anything', async () => {
    // SIPp reads [..] in a scenario as its own keywords, so this one goes through our own SIP client.
    const ua = await startSipStack({ address: '127.0.0.3', port: 0 }, (rq, _r, s) => s.reply(rq, 200, 'OK'));
    try {
      const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';
      const body = `${lol}<mrq><ref>BXC</ref><cid>1</cid><dty>3</dty><dte>&lol3;</dte></mrq>`;
      const uri = `sip:veille@${t.sip.host}:${t.sip.port}`;
      const rs = await requestWithDigest(
        ua,
        () => ({
          method: 'MESSAGE',
          uri,
          headers: {
            to: { uri },
            from: { uri: `sip:B-1@127.0.0.3:${ua.port}`, params: { tag: sipToken(4) } },
            'call-id': sipToken(),
            cseq: { method: 'MESSAGE', seq: 1 },
            contact: [{ uri: `sip:B-1@127.0.0.3:${ua.port}` }],
            'content-type': 'application/scaip+xml',
          },
          content: encodeBody(body),
        }),
        createDigestClient({ user: 'B-1', password: DEMO_BEACON_PASSWORD }),
      );
      expect(rs.status).toBe(200);
      await t.answered((m) => m.ref === 'BXC');
      expect(t.answers.find((a) => a.mrs.ref === 'BXC')?.mrs).toMatchObject({ snu: 2 });
    } finally {
      await ua.close();
    }
  });

  it.each([
    ['a wrong password', 'B-1', 'not-the-password', 'bad-response'],
    ['an unknown beacon', 'B-404', DEMO_BEACON_PASSWORD, 'unknown-user'],
  ])('%s is refused 401 twice, logged, never queued', async (_what, beaconId, password, reason) => {
    const before = t.answers.length;
    const run = await runSipp({ scenario: 'luc-refused.xml', vars: { BODY: mrqXml({ ref: 'NOPE1', cid: '1', dty: '0003' }) }, target: t.sip, beaconId, password });
    const result = await run.done;
    expect(result.code, `${result.log}\n${result.errors}`).toBe(0);
    expect(t.answers.length).toBe(before);
    expect(t.logs().some((l) => l.level === WARN && l.msg === 'scaip: message refused: authentication failed' && l.beaconId === beaconId && l.reason === reason)).toBe(true);
    expect(t.alarmsWithRef('NOPE1')).toBe(0);
  });

  it('shrugs off garbage datagrams', async () => {
    const junk = createSocket('udp4');
    for (const d of ['', 'MESSAGE', 'MESSAGE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n<mrq/>', '\u00ff'.repeat(3000)]) {
      await new Promise<void>((resolve) => junk.send(Buffer.from(d, 'latin1'), t.sip.port, t.sip.host, () => resolve()));
    }
    junk.close();
  });

  it('and keeps serving: a good alarm after all that reaches the console', async () => {
    const run = await runSipp({
      scenario: 'luc-message.xml',
      vars: { BODY: mrqXml({ ref: 'GOOD1', cid: '4401', dty: '0002', stc: '0010', dco: '004', lte: 'Préau' }), COUNT: 1, EXPECT_SNU: 4 },
      target: t.sip,
      beaconId: 'B-1',
      password: DEMO_BEACON_PASSWORD,
    });
    expect((await run.done).code).toBe(0);
    expect(await op.waitFor((c) => c.beaconId === 'B-1' && c.kind === 'ppms.evacuation')).toMatchObject({ text: 'Préau', status: 'open' });
    // Nothing of the corpus reached the queue.
    expect(op.deltas.filter((c) => c.version === 1)).toHaveLength(1);
  });
});

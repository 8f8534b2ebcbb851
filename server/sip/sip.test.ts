import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createDigestClient } from './digest-client';
import { createDigestServer, digestHa1 } from './digest-server';
import { decodeBody, encodeBody } from './body';
import { requestWithDigest } from './send-signed';
import { SipBindError, sipToken, startSipStack, type SipRequest, type SipStack } from './stack';

const open: SipStack[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function message(from: SipStack, to: SipStack, body: string): SipRequest {
  const uri = `sip:arc@${to.publicAddress}:${to.port}`;
  return {
    method: 'MESSAGE',
    uri,
    headers: {
      to: { uri },
      from: { uri: `sip:luc1@${from.publicAddress}:${from.port}`, params: { tag: sipToken(4) } },
      'call-id': sipToken(),
      cseq: { method: 'MESSAGE', seq: 1 },
      'content-type': 'application/scaip+xml',
    },
    content: encodeBody(body),
  };
}

describe('the SIP stack wrapper', () => {
  it('carries a UTF-8 body both ways and signs with digest (401, then 200), reusing the nonce with a rising count', async () => {
    const realm = 'veille';
    const digest = createDigestServer({ realm });
    const bodies: string[] = [];
    const arc = await startSipStack({ address: '127.0.0.1', port: 0 }, (rq, _remote, s) => {
      void digest.verify(rq, (u) => (u === 'luc1' ? digestHa1('luc1', realm, 'secret') : null)).then((v) => {
        if (!v.ok) return s.reply(rq, 401, 'Unauthorized', { headers: { 'www-authenticate': digest.challenge(v.reason === 'stale') } });
        bodies.push(decodeBody(rq.content));
        s.reply(rq, 200, 'OK');
      });
    });
    const luc = await startSipStack({ address: '127.0.0.2', port: 0 }, () => undefined);
    open.push(arc, luc);
    const client = createDigestClient({ user: 'luc1', password: 'secret' });
    const first = await requestWithDigest(luc, () => message(luc, arc, '<lte>Kök</lte>'), client);
    expect(first.status).toBe(200);
    const second = await requestWithDigest(luc, () => message(luc, arc, '<lte>Salle 2 — côté cour</lte>'), client);
    expect(second.status).toBe(200);
    expect(bodies).toEqual(['<lte>Kök</lte>', '<lte>Salle 2 — côté cour</lte>']);

    const wrong = createDigestClient({ user: 'luc1', password: 'wrong' });
    expect((await requestWithDigest(luc, () => message(luc, arc, '<x/>'), wrong)).status).toBe(401);
  });

  it('refuses a replayed nonce count and an expired nonce (stale), and a nonce it never issued', async () => {
    let now = 1_000_000;
    const server = createDigestServer({ realm: 'r', nonceTtlMs: 1000, now: () => now });
    const client = createDigestClient({ user: 'u', password: 'p' });
    const ha1 = digestHa1('u', 'r', 'p');
    client.learn({ status: 401, reason: '', headers: { 'www-authenticate': server.challenge() } });
    const rq: SipRequest = { method: 'MESSAGE', uri: 'sip:arc@127.0.0.1', headers: {} };
    client.sign(rq);
    expect(await server.verify(rq, () => ha1)).toEqual({ ok: true, user: 'u' });
    expect(await server.verify(rq, () => ha1)).toMatchObject({ ok: false, reason: 'replay' });
    expect(await server.verify(rq, () => null)).toMatchObject({ ok: false, reason: 'unknown-user' });
    now += 1001;
    client.sign(rq);
    expect(await server.verify(rq, () => ha1)).toMatchObject({ ok: false, reason: 'stale' });
    const other = createDigestServer({ realm: 'r' });
    client.learn({ status: 401, reason: '', headers: { 'www-authenticate': other.challenge() } });
    client.sign(rq);
    expect(await server.verify(rq, () => ha1)).toMatchObject({ ok: false, reason: 'bad-nonce' });
  });

  it('says clearly when its port is taken, instead of crashing the process', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', () => resolve()));
    const port = squatter.address().port;
    try {
      const err = await startSipStack({ address: '127.0.0.1', port }, () => undefined).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SipBindError);
      expect((err as Error).message).toBe(`SIP UDP port 127.0.0.1:${port} cannot be opened: already in use`);
    } finally {
      squatter.close();
    }
  });

  it('survives garbage datagrams and keeps answering', async () => {
    const seen: string[] = [];
    const arc = await startSipStack({ address: '127.0.0.1', port: 0 }, (rq, _r, s) => {
      seen.push(rq.method);
      s.reply(rq, 200, 'OK');
    });
    const luc = await startSipStack({ address: '127.0.0.2', port: 0 }, () => undefined);
    open.push(arc, luc);
    const junk = createSocket('udp4');
    for (const d of ['', 'hello', 'MESSAGE x SIP/2.0\r\n\r\n', 'MESSAGE sip:a@b SIP/2.0\r\nVia: ???\r\nCSeq: x\r\n\r\n', '\u0000'.repeat(2000)]) {
      await new Promise<void>((resolve) => junk.send(Buffer.from(d, 'binary'), arc.port, '127.0.0.1', () => resolve()));
    }
    junk.close();
    expect((await luc.request(message(luc, arc, '<ok/>'))).status).toBe(200);
    expect(seen).toEqual(['MESSAGE']);
  });
});

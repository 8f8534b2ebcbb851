/**
 * A SCAIP load generator for the bench: many beacons on one SIP stack (the `sip` package
 * directly, no Veille code, so the same client drives Veille and the bare floor), each
 * sending one mrq at a time as a real beacon does, signing with digest when challenged
 * and reusing the nonce afterwards (nc counts up). It answers every MESSAGE it receives
 * (the centre's mrs) with 200 and counts them.
 */
import { randomBytes } from 'node:crypto';
import dgram, { createSocket } from 'node:dgram';
import sip from 'sip';
import digest from 'sip/digest';
import { UDP_RECEIVE_BUFFER_BYTES } from '../../server/sip/stack';

export interface LoadBeacon {
  id: string;
  /** Digest password; null for a receiver without authentication (the floor). */
  password: string | null;
}

export interface ScaipLoad {
  /** Sends one mrq and resolves on its final 2xx (after a digest round when challenged); rejects on another final answer. */
  send(beacon: LoadBeacon, body: string): Promise<void>;
  /** mrs MESSAGEs received from the centre, by `ref`. */
  readonly mrsByRef: Map<string, string[]>;
  close(): void;
}

/**
 * `sip.create` with the UDP receive buffer Veille's own stack asks for (server/sip/stack.ts),
 * so the floor, the load and Veille all run with the same socket settings and the ratio shows
 * code, not configuration.
 */
export function createBareStack(options: sip.Options, onRequest: (rq: sip.SipRequest, remote: sip.Remote) => void): sip.Stack {
  const original = dgram.createSocket;
  const sockets: dgram.Socket[] = [];
  (dgram as { createSocket: unknown }).createSocket = (...args: Parameters<typeof dgram.createSocket>) => {
    const socket = original(...args);
    sockets.push(socket);
    return socket;
  };
  try {
    return sip.create(options, onRequest);
  } finally {
    (dgram as { createSocket: unknown }).createSocket = original;
    for (const s of sockets) s.once('listening', () => s.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES));
  }
}

/** A free UDP port on `host` (the `sip` package takes 0 as "5060"). */
export async function freeUdpPort(host: string): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, host, () => resolve());
  });
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export function mrqBody(ref: string, cid: string, stc = '0010', dty = '0004'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><mrq><ref>${ref}</ref><cid>${cid}</cid><dty>${dty}</dty><stc>${stc}</stc><lte>Bâtiment A</lte></mrq>`;
}

export async function startScaipLoad(opts: { host: string; target: { host: string; port: number } }): Promise<ScaipLoad> {
  const port = await freeUdpPort(opts.host);
  const mrsByRef = new Map<string, string[]>();
  const stack = createBareStack({ udp: true, tcp: false, address: opts.host, port, publicAddress: opts.host, logger: { error: () => undefined } }, (rq) => {
    if (rq.method === 'MESSAGE') {
      const body = Buffer.from(rq.content ?? '', 'binary').toString('utf8');
      const ref = /<ref>([^<]*)<\/ref>/.exec(body)?.[1] ?? '';
      mrsByRef.set(ref, [...(mrsByRef.get(ref) ?? []), body]);
      stack.send(sip.makeResponse(rq, 200, 'OK'));
    } else if (rq.method !== 'ACK') stack.send(sip.makeResponse(rq, 405, 'Method Not Allowed'));
  });
  const contexts = new Map<string, object>();
  let seq = 1;
  const targetUri = `sip:arc@${opts.target.host}:${opts.target.port}`;

  function request(beacon: LoadBeacon, body: string, callId: string, tag: string): sip.SipRequest {
    return {
      method: 'MESSAGE',
      uri: targetUri,
      headers: {
        to: { uri: targetUri },
        from: { uri: `sip:${beacon.id}@${opts.host}:${port}`, params: { tag } },
        'call-id': callId,
        cseq: { method: 'MESSAGE', seq: seq++ },
        contact: [{ uri: `sip:${beacon.id}@${opts.host}:${port}` }],
        'content-type': 'application/scaip+xml',
        'max-forwards': 70,
      },
      content: Buffer.from(body, 'utf8').toString('binary'),
    };
  }

  /** A beacon whose message timed out (408 from its own transaction) sends it again, as a LUC does. */
  async function send(beacon: LoadBeacon, body: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sendOnce(beacon, body);
      } catch (err) {
        if (attempt >= 3 || !(err instanceof Error) || !err.message.startsWith('MESSAGE answered 408')) throw err;
      }
    }
  }

  function sendOnce(beacon: LoadBeacon, body: string): Promise<void> {
    const callId = randomBytes(8).toString('hex');
    const tag = randomBytes(4).toString('hex');
    return new Promise((resolve, reject) => {
      const attempt = (signedAfter: sip.SipResponse | null, tries: number) => {
        const rq = request(beacon, body, callId, tag);
        if (beacon.password !== null) {
          const known = contexts.get(beacon.id);
          if (signedAfter) contexts.set(beacon.id, digest.signRequest(known ?? {}, rq, signedAfter, { user: beacon.id, password: beacon.password }) ?? {});
          else if (known) digest.signRequest(known, rq);
        }
        stack.send(rq, (rs) => {
          if (rs.status < 200) return;
          if (rs.status < 300) return resolve();
          if ((rs.status === 401 || rs.status === 407) && beacon.password !== null && tries < 2) return attempt(rs, tries + 1);
          reject(new Error(`MESSAGE answered ${rs.status} ${rs.reason}`));
        });
      };
      attempt(null, 0);
    });
  }

  return { send, mrsByRef, close: () => stack.destroy() };
}

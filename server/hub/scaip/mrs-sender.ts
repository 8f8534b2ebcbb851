/**
 * The centre's <mrs> goes in its own SIP MESSAGE to the beacon (never in the 200 OK:
 * PROTOCOLS.md §1.2), retried until the beacon answers 2xx. It is sent back along the path
 * the <mrq> came on (same address, port and transport: works through NAT and with a
 * beacon on this machine), with the beacon's Contact as Request-URI. A newer answer for
 * the same (beacon, ref) supersedes the retries of an older one: the beacon must never
 * receive HOLD after OK.
 */
import type { Logger } from 'pino';
import { encodeBody } from '../../sip/body';
import { sipToken, type SipRemote, type SipRequest, type SipStack, type SipUri } from '../../sip/stack';
import { buildMrs, type Mrs } from './message';

/** Where a beacon is answered: captured from its request. */
export interface BeaconAddress {
  beaconId: string;
  /** Request-URI: its Contact, else its From URI. */
  uri: string | SipUri;
  /** Its AOR (From of the mrq, without tag): the To of our MESSAGE. */
  aor: string | SipUri;
  /** The flow the mrq came on. */
  remote: SipRemote;
}

export interface MrsSenderOptions {
  /** Transactions per answer before giving up (each one already retransmits over UDP for 32 s). Default 6. */
  attempts?: number;
  /** First pause between two transactions, doubled each time up to 30 s. Default 2 s. */
  retryMs?: number;
}

export interface MrsSender {
  /** Sends now, retries in the background; resolves true once the beacon said 2xx, false when given up or superseded. */
  send(to: BeaconAddress, mrs: Mrs): Promise<boolean>;
  close(): void;
}

export function createMrsSender(stack: SipStack, logger: Logger, opts: MrsSenderOptions = {}): MrsSender {
  const attempts = opts.attempts ?? 6;
  const firstRetry = opts.retryMs ?? 2000;
  const generation = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let seq = 1;
  const from = `sip:veille@${stack.publicAddress}:${stack.port}`;

  function message(to: BeaconAddress, body: string): SipRequest {
    return {
      method: 'MESSAGE',
      uri: to.uri,
      headers: {
        to: { uri: to.aor },
        from: { uri: from, params: { tag: sipToken(4) } },
        'call-id': sipToken(),
        cseq: { method: 'MESSAGE', seq: seq++ },
        route: [{ uri: stack.raw.encodeFlowUri(to.remote) }],
        'content-type': 'application/scaip+xml',
        'max-forwards': 70,
      },
      content: encodeBody(body),
    };
  }

  return {
    async send(to, mrs) {
      const key = `${to.beaconId}|${mrs.ref}`;
      const gen = (generation.get(key) ?? 0) + 1;
      generation.set(key, gen);
      const body = buildMrs(mrs);
      for (let i = 0; i < attempts; i++) {
        if (closed || generation.get(key) !== gen) return false;
        const rs = await stack.request(message(to, body));
        if (rs.status >= 200 && rs.status < 300) {
          if (generation.get(key) === gen) generation.delete(key);
          return true;
        }
        logger.warn({ beaconId: to.beaconId, ref: mrs.ref, snu: mrs.snu, status: rs.status, attempt: i + 1 }, 'scaip: mrs not acknowledged by the beacon');
        if (i + 1 < attempts) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(() => (timers.delete(t), resolve()), Math.min(30_000, firstRetry * 2 ** i));
            timers.add(t);
          });
        }
      }
      if (generation.get(key) === gen) generation.delete(key);
      logger.error({ beaconId: to.beaconId, ref: mrs.ref, snu: mrs.snu, attempts }, 'scaip: mrs given up: the beacon never acknowledged it');
      return false;
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

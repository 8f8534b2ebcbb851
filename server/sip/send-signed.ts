import type { DigestClient } from './digest-client';
import type { SipRequest, SipResponse, SipStack } from './stack';

/**
 * Sends a request, answering digest challenges: `make` must build a fresh request each
 * time (a new CSeq: a signed retry is a new transaction). Signs up front once a nonce is
 * known; a stale nonce or a first challenge costs one more round, a wrong password ends on
 * the second 401 (returned to the caller).
 */
export async function requestWithDigest(stack: SipStack, make: () => SipRequest, auth: DigestClient | null, rounds = 2): Promise<SipResponse> {
  for (let i = 0; ; i++) {
    const rq = make();
    if (auth?.ready) auth.sign(rq);
    const rs = await stack.request(rq);
    if ((rs.status === 401 || rs.status === 407) && auth && i < rounds && auth.learn(rs)) continue;
    return rs;
  }
}

/** Final responses as the operator reads them, and the binding lifetime a registrar grants. */
import { describe, expect, it } from 'vitest';
import { outcomeOf } from './outbound-call';
import { grantedExpires } from './registration';
import type { SipResponse } from '../../../server/sip/stack';

describe('outcomeOf', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [603, 'busy'],
    [408, 'no-answer'],
    [480, 'no-answer'],
    [487, 'no-answer'],
    [403, 'refused'],
    [404, 'failed'],
    [488, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
  ] as const)('%i → %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

describe('grantedExpires', () => {
  const ok = (headers: SipResponse['headers']): SipResponse => ({ status: 200, reason: 'OK', headers });
  const mine = 'sip:console@127.0.0.1:5070';

  it('takes our Contact’s expires over the Expires header', () => {
    const rs = ok({ contact: [{ uri: 'sip:other@10.0.0.9:5060', params: { expires: '30' } }, { uri: mine, params: { expires: '120' } }], expires: 3600 });
    expect(grantedExpires(rs, mine, 300)).toBe(120);
  });

  it('falls back to Expires, then to what we asked', () => {
    expect(grantedExpires(ok({ expires: 90 }), mine, 300)).toBe(90);
    expect(grantedExpires(ok({}), mine, 300)).toBe(300);
  });
});

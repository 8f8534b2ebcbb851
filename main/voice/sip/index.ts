/** The console's SIP user agent: see main/voice/README.md. */
export { startSipUa } from './ua';
export { SipBindError } from '../../../server/sip/stack';
export { outcomeOf, DEFAULT_RING_TIMEOUT_MS } from './outbound-call';
export type * from './types';

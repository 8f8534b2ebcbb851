/** Veille's SIP layer: a typed wrapper over the `sip` package with its pitfalls handled (PROTOCOLS.md §3). */
export { startSipStack, SipBindError, sipToken, parseUri, stringifyUri } from './stack';
export type { SipStack, SipStackOptions, SipRequest, SipResponse, SipRemote, SipUri, SipHeaders, SipRequestHandler } from './stack';
export { bodyBytes, decodeBody, encodeBody } from './body';
export { createDigestServer, digestHa1, md5 } from './digest-server';
export type { DigestServer, DigestServerOptions, DigestVerdict, DigestFailure } from './digest-server';
export { createDigestClient } from './digest-client';
export type { DigestClient, DigestCredentials } from './digest-client';
export { requestWithDigest } from './send-signed';
export { freeSipPort } from './free-port';

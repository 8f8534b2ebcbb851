/**
 * Voice between console and hub (docs/VOICE.md, docs/PROTOCOL.md). The hub is the consoles'
 * SIP registrar and a small proxy for signalling; media flows directly between the console
 * and the beacon. A console asks for its SIP credentials over the authenticated /console
 * socket: they are ephemeral (an HMAC of the hub's in-memory secret over the SIP user name,
 * which carries the operator and an expiry), so nothing about them is stored anywhere.
 */
import { z } from 'zod';

/** Socket event names on the /console namespace. */
export const VoiceHubEvents = {
  /** console → hub with ack: `{}`; answered with a VoiceCredentialsAck. Ask again on every (re)connect. */
  credentials: 'voice.credentials',
} as const;

/** Where a console REGISTERs and sends its INVITEs (the hub's SIP port, UDP). */
export const SipRegistrar = z.object({
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  transport: z.literal('udp'),
});
export type SipRegistrar = z.infer<typeof SipRegistrar>;

export const VoiceCredentials = z.object({
  registrar: SipRegistrar,
  /** Digest realm the hub challenges with. */
  realm: z.string(),
  /** SIP user: the REGISTER's To/From user and the digest user name. */
  user: z.string(),
  password: z.string(),
  /** The console's address of record, `sip:<user>@<host>:<port>`. */
  aor: z.string(),
  /** After this the hub refuses them: ask again before (they last the operator's session at most). */
  expiresAt: z.string(),
  /** Longest REGISTER expiry the hub grants, in seconds: refresh the registration before it. */
  maxRegisterExpiresS: z.number().int().positive(),
});
export type VoiceCredentials = z.infer<typeof VoiceCredentials>;

export const VoiceCredentialsAck = z.union([
  z.object({ ok: z.literal(true), credentials: VoiceCredentials }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(['unavailable', 'forbidden', 'internal']), message: z.string() }) }),
]);
export type VoiceCredentialsAck = z.infer<typeof VoiceCredentialsAck>;

/** SIP headers the hub adds or reads on calls it routes. */
export const VOICE_SIP_HEADERS = {
  /** On a beacon's call forwarded to a console: the case it belongs to. */
  caseId: 'X-Veille-Case',
  /** On a beacon's call forwarded to a console: the beacon's id (the digest user it authenticated as). */
  beaconId: 'X-Veille-Beacon',
  /** On a console's call to a beacon outside an owned open case: the mandatory reason of a technical test call. */
  testReason: 'X-Veille-Test-Reason',
} as const;

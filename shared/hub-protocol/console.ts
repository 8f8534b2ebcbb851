/**
 * Console ⇄ hub over socket.io, namespace /console, WebSocket transport only.
 * Documented in docs/PROTOCOL.md; keep the two in step.
 */
import { z } from 'zod';
import { Case, ClosureCode } from '../domain/case';
import { Credentials, Operator } from '../domain/operator';

export const HUB_NAMESPACE = '/console';

/** POST /api/login. consoleId: the console's journal id; the session's refresh token works only with it. */
export const LoginRequest = Credentials.extend({ consoleId: z.string().min(1).max(64).optional() });
export type LoginRequest = z.infer<typeof LoginRequest>;

/**
 * Answer of POST /api/login and POST /api/session/refresh. `token` is the short access
 * token (socket handshake, logout) and `expiresAt` its expiry; `refreshToken` renews it
 * once (each refresh answers a new one) until `sessionExpiresAt` (12 h after login).
 */
export const LoginResponse = z.object({
  token: z.string(),
  operator: Operator,
  expiresAt: z.string(),
  refreshToken: z.string(),
  sessionId: z.string(),
  sessionExpiresAt: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** POST /api/session/refresh: the last refresh token received, and the same consoleId as at login. */
export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(256), consoleId: z.string().min(1).max(64).optional() });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

/** Why a session is over: in `session.ended` events and in refused refreshes and handshakes. */
export const SessionEndReason = z.enum(['logout', 'password-changed', 'account-removed', 'revoked', 'expired']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;
export const SessionEnded = z.object({ reason: SessionEndReason });
export type SessionEnded = z.infer<typeof SessionEnded>;

/** Every command carries a client-made id; a repeated id gets the first answer. */
const commandBase = { commandId: z.string().min(8).max(64) };

export const HubCommand = z.discriminatedUnion('type', [
  z.object({ ...commandBase, type: z.literal('claim'), caseId: z.string() }),
  z.object({ ...commandBase, type: z.literal('release'), caseId: z.string() }),
  z.object({
    ...commandBase,
    type: z.literal('close'),
    caseId: z.string(),
    closureCode: ClosureCode,
    note: z.string().max(2000).optional(),
  }),
]);
export type HubCommand = z.infer<typeof HubCommand>;

export const HUB_ERROR_CODES = [
  'invalid-command',
  'not-found',
  'already-claimed',
  'not-owner',
  'already-closed',
  'forbidden',
  /** Too many commands from this connection (docs/PROTOCOL.md): nothing applied or stored, resend later with the same id. */
  'rate-limited',
  'internal',
] as const;
export const HubError = z.object({
  code: z.enum(HUB_ERROR_CODES),
  message: z.string(),
  /** For already-claimed: who holds the case. */
  owner: z.object({ operatorId: z.string(), displayName: z.string() }).optional(),
  /** For rate-limited: when a resend can be accepted. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type HubError = z.infer<typeof HubError>;

export const HubAck = z.union([
  z.object({
    ok: z.literal(true),
    case: Case.optional(),
  }),
  z.object({ ok: z.literal(false), error: HubError }),
]);
export type HubAck = z.infer<typeof HubAck>;

/** Socket event names. */
export const HubEvents = {
  /** hub → console, on every (re)connect: all open and claimed cases. */
  snapshot: 'snapshot',
  /** hub → console: one case changed; carries its new version. */
  caseChanged: 'case',
  /** console → hub with ack: a HubCommand. */
  command: 'command',
  /** console → hub with ack: refetch one case after a version gap. */
  getCase: 'case.get',
  /** hub → console, just before the hub disconnects it: its session is over ({reason}: SessionEnded). */
  sessionEnded: 'session.ended',
} as const;

export const Snapshot = z.object({
  cases: z.array(Case),
  serverTime: z.string(),
  /** The hub runs simulated beacons and demo accounts: every console must say so on screen. */
  demo: z.boolean().default(false),
});
export type Snapshot = z.infer<typeof Snapshot>;

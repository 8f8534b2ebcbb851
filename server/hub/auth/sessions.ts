/**
 * Operator sessions. A login opens one: at most 12 h (a shift), bound to the
 * console that logged in (its journal consoleId). The console holds a short
 * access token (tokens.ts) and an opaque refresh token that renews it; the hub
 * keeps only the refresh token's sha256. Each refresh answers a new refresh
 * token and retires the old one: presenting a retired token again means it was
 * copied, so the whole session is revoked (except a retry, within a few
 * seconds, of a refresh whose answer was lost). Revoking the row ends the
 * session everywhere: refresh refused, handshake refused, live socket cut
 * (console/session-watch.ts). The admin command line revokes rows too.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { ulid } from 'ulid';
import type { Operator, Role } from '@shared/domain/operator';
import type { LoginResponse, SessionEndReason } from '@shared/hub-protocol/console';
import type { HubDb } from '../db/database';
import { ACCESS_TOKEN_TTL_MS, type TokenService } from './tokens';

export interface SessionPolicy {
  /** Life of an access token (default 10 min). */
  accessTtlMs: number;
  /** Longest a session lives, refreshes or not (default 12 h). */
  sessionMaxMs: number;
  /** A retired refresh token presented again this soon after its rotation, by the same console, is a retry, not theft (default 30 s). */
  refreshRetryGraceMs: number;
  /** How often the hub looks for connected sockets whose session ended (default 500 ms). */
  watchPeriodMs: number;
}

export const SESSION_POLICY: SessionPolicy = {
  accessTtlMs: ACCESS_TOKEN_TTL_MS,
  sessionMaxMs: 12 * 3600 * 1000,
  refreshRetryGraceMs: 30_000,
  watchPeriodMs: 500,
};

/** Stored in sessions.revoked_reason. */
export type RevokeReason = 'logout' | 'password-changed' | 'account-removed' | 'refresh-reused' | 'console-mismatch';

/** What a console is told, in French, per reason. */
export const SESSION_END_MESSAGES: Record<SessionEndReason, string> = {
  logout: 'Session fermée : reconnectez-vous.',
  'password-changed': 'Session terminée : votre mot de passe a été changé. Reconnectez-vous.',
  'account-removed': 'Session terminée : votre compte a été supprimé. Contactez votre superviseur.',
  revoked: 'Session révoquée par le hub : reconnectez-vous.',
  expired: 'Session expirée (12 h au plus) : reconnectez-vous.',
};

interface SessionTimes {
  revoked_at: string | null;
  revoked_reason: string | null;
  expires_at: string;
}

/** Why the session is over, or null while it is live. */
export function endReasonOf(row: SessionTimes, nowMs: number): SessionEndReason | null {
  if (row.revoked_at) {
    const r = row.revoked_reason;
    return r === 'logout' || r === 'password-changed' || r === 'account-removed' ? r : 'revoked';
  }
  return Date.parse(row.expires_at) <= nowMs ? 'expired' : null;
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newRefreshToken = (): string => randomBytes(32).toString('base64url');

export interface SessionDeps {
  db: HubDb;
  tokens: TokenService;
  logger: Logger;
  policy: SessionPolicy;
  now?: () => number;
}

async function answer(d: SessionDeps, op: Operator, sessionId: string, refreshToken: string, expiresAt: string): Promise<LoginResponse> {
  const access = await d.tokens.sign(op, sessionId, Date.parse(expiresAt));
  return { token: access.token, expiresAt: access.expiresAt, operator: op, refreshToken, sessionId, sessionExpiresAt: expiresAt };
}

/** A new session for an operator whose password was just checked. */
export async function openSession(d: SessionDeps, op: Operator, consoleId: string | null): Promise<LoginResponse> {
  const t = (d.now ?? Date.now)();
  const id = ulid();
  const refreshToken = newRefreshToken();
  const expiresAt = new Date(t + d.policy.sessionMaxMs).toISOString();
  await d.db
    .insertInto('sessions')
    .values({
      id,
      operator_id: op.id,
      console_id: consoleId,
      refresh_hash: hashRefreshToken(refreshToken),
      prev_refresh_hash: null,
      rotated_at: null,
      created_at: new Date(t).toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
      revoked_reason: null,
    })
    .execute();
  return answer(d, op, id, refreshToken, expiresAt);
}

export type RefreshOutcome = { ok: true; response: LoginResponse } | { ok: false; reason: SessionEndReason };

/**
 * Exchanges a refresh token for a new access token and a new refresh token.
 * Refused (the session is over, with why) when the session was revoked or has
 * expired, the account is gone, the consoleId differs from the login's (the
 * session is then revoked: its token left its console), the token was already
 * used (revoked: theft), or the token is unknown.
 */
export async function refreshSession(d: SessionDeps, refreshToken: string, consoleId: string | null): Promise<RefreshOutcome> {
  const nowMs = (d.now ?? Date.now)();
  const now = new Date(nowMs).toISOString();
  const h = hashRefreshToken(refreshToken);
  const log = d.logger.child({ part: 'sessions' });

  const outcome = await d.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('sessions').selectAll().where('refresh_hash', '=', h).executeTakeFirst();
    let session = current;
    if (!session) {
      const used = await trx.selectFrom('session_refresh_used').select('session_id').where('refresh_hash', '=', h).executeTakeFirst();
      if (!used) {
        log.info('refresh refused: unknown refresh token');
        return { ok: false as const, reason: 'revoked' as const };
      }
      session = await trx.selectFrom('sessions').selectAll().where('id', '=', used.session_id).executeTakeFirst();
      if (!session) return { ok: false as const, reason: 'revoked' as const };
      const ended = endReasonOf(session, nowMs);
      if (ended) return { ok: false as const, reason: ended };
      const retry =
        session.prev_refresh_hash === h &&
        session.rotated_at !== null &&
        nowMs - Date.parse(session.rotated_at) <= d.policy.refreshRetryGraceMs &&
        session.console_id === consoleId;
      if (!retry) {
        await revoke(trx, session.id, 'refresh-reused', now);
        log.warn(
          { sessionId: session.id, operatorId: session.operator_id, consoleId },
          'refresh token presented again after its rotation: session revoked (token copied?)',
        );
        return { ok: false as const, reason: 'revoked' as const };
      }
      log.info({ sessionId: session.id }, 'refresh retried within the grace period: rotated again');
    }

    const ended = endReasonOf(session, nowMs);
    if (ended) return { ok: false as const, reason: ended };
    if (session.console_id !== consoleId) {
      await revoke(trx, session.id, 'console-mismatch', now);
      log.warn(
        { sessionId: session.id, operatorId: session.operator_id, expected: session.console_id, got: consoleId },
        'refresh from another console: session revoked',
      );
      return { ok: false as const, reason: 'revoked' as const };
    }
    const user = await trx.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('id', '=', session.operator_id).executeTakeFirst();
    if (!user) {
      await revoke(trx, session.id, 'account-removed', now);
      return { ok: false as const, reason: 'account-removed' as const };
    }

    const next = newRefreshToken();
    // The token just presented (or, for a retry, the one whose answer was lost) is used up.
    await trx.insertInto('session_refresh_used').values({ refresh_hash: session.refresh_hash, session_id: session.id, used_at: now }).onConflict((oc) => oc.doNothing()).execute();
    await trx
      .updateTable('sessions')
      .set(current ? { refresh_hash: hashRefreshToken(next), prev_refresh_hash: h, rotated_at: now } : { refresh_hash: hashRefreshToken(next) })
      .where('id', '=', session.id)
      .execute();
    const op: Operator = { id: user.id, username: user.username, displayName: user.display_name, role: user.role as Role };
    return { ok: true as const, op, sessionId: session.id, refreshToken: next, expiresAt: session.expires_at };
  });
  if (!outcome.ok) return outcome;
  return { ok: true, response: await answer(d, outcome.op, outcome.sessionId, outcome.refreshToken, outcome.expiresAt) };
}

async function revoke(db: HubDb, sessionId: string, reason: RevokeReason, now: string): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Ends one session; false when it was already revoked or does not exist. */
export function revokeSession(db: HubDb, sessionId: string, reason: RevokeReason): Promise<boolean> {
  return revoke(db, sessionId, reason, new Date().toISOString());
}

/** Ends every live session of an operator (password change, account removal); returns their ids. */
export async function revokeOperatorSessions(db: HubDb, operatorId: string, reason: RevokeReason): Promise<string[]> {
  const now = new Date().toISOString();
  const live = await db.selectFrom('sessions').select('id').where('operator_id', '=', operatorId).where('revoked_at', 'is', null).execute();
  if (live.length === 0) return [];
  await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('operator_id', '=', operatorId)
    .where('revoked_at', 'is', null)
    .execute();
  return live.map((s) => s.id);
}

/**
 * Why a session is over, or null while it is live (checked at each socket handshake).
 * A session of an account that no longer exists is over too.
 */
export async function sessionEndReason(db: HubDb, sessionId: string, nowMs = Date.now()): Promise<SessionEndReason | null> {
  const ended = await endedSessions(db, [sessionId], nowMs);
  return ended.get(sessionId) ?? null;
}

/** Of these session ids, those that are over and why; an id the hub does not know counts as revoked. */
export async function endedSessions(db: HubDb, ids: readonly string[], nowMs = Date.now()): Promise<Map<string, SessionEndReason>> {
  const out = new Map<string, SessionEndReason>();
  // Chunked: SQLite bounds the number of bound parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('sessions')
      .leftJoin('users', 'users.id', 'sessions.operator_id')
      .select(['sessions.id', 'sessions.revoked_at', 'sessions.revoked_reason', 'sessions.expires_at', 'users.id as user_id'])
      .where('sessions.id', 'in', chunk)
      .execute();
    const found = new Set<string>();
    for (const r of rows) {
      found.add(r.id);
      const reason = r.user_id === null ? 'account-removed' : endReasonOf(r, nowMs);
      if (reason) out.set(r.id, reason);
    }
    for (const id of chunk) if (!found.has(id)) out.set(id, 'revoked');
  }
  return out;
}

/**
 * Drops what no longer serves: the used refresh tokens of sessions that are over
 * (reuse detection only matters while a session lives), and session rows ended more
 * than `keepMs` ago (default 30 days, kept for audit).
 */
export async function pruneSessions(db: HubDb, nowMs = Date.now(), keepMs = 30 * 24 * 3600 * 1000): Promise<void> {
  const now = new Date(nowMs).toISOString();
  const cutoff = new Date(nowMs - keepMs).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('session_refresh_used')
      .where('session_id', 'in', trx.selectFrom('sessions').select('id').where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('expires_at', '<=', now)])))
      .execute();
    await trx
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('revoked_at', '<', cutoff), eb.and([eb('revoked_at', 'is', null), eb('expires_at', '<', cutoff)])]))
      .execute();
  });
}

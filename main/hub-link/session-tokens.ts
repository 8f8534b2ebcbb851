/**
 * The tokens of one operator session, in this process's memory only: the short
 * access token (socket handshake, logout) and the refresh token that renews it.
 * Renewed before the access token expires and whenever asked (a handshake refused
 * as expired); one renewal at a time, since each answer retires the previous
 * refresh token. When the hub refuses a renewal the session is over: `onEnded`
 * is called once and nothing more is attempted. Never the password.
 */
import { decodeJwt } from 'jose';
import type { LoginResponse, SessionEndReason } from '@shared/hub-protocol/console';
import type { Logger } from '../log/logger';
import { refreshOverHttp, SessionEndedError } from './login';

export interface SessionTokensOptions {
  hubUrl: string;
  consoleId?: string;
  timeoutMs: number;
  /** Backoff between renewals the hub did not answer. */
  retryMinMs: number;
  retryMaxMs: number;
  logger: Logger;
  onEnded(reason: SessionEndReason): void;
}

/** Renew this long before the access token expires: a quarter of its life, at most a minute. */
const marginOf = (lifeMs: number): number => Math.min(60_000, lifeMs / 4);

export class SessionTokens {
  private access: string;
  private refresh: string;
  /** Local clock times: the hub's times shifted by the clock difference seen in the token. */
  private accessExpiresAt = 0;
  private renewAt = 0;
  private sessionEndsAt = 0;
  private inflight: Promise<string> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private retryMs = 0;
  private over = false;
  readonly sessionId: string;

  constructor(
    res: LoginResponse,
    private readonly opts: SessionTokensOptions,
  ) {
    this.sessionId = res.sessionId;
    this.access = res.token;
    this.refresh = res.refreshToken;
    this.adopt(res);
  }

  get accessToken(): string {
    return this.access;
  }

  /** The access token, renewed first when it is about to expire. Rejects with SessionEndedError when the session is over. */
  async fresh(): Promise<string> {
    if (this.over) throw new SessionEndedError('revoked');
    return Date.now() < this.renewAt ? this.access : this.renew();
  }

  /** New tokens now (or the renewal already under way). */
  renew(): Promise<string> {
    if (this.over) return Promise.reject(new SessionEndedError('revoked'));
    this.inflight ??= this.doRenew().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** Forget the tokens (logout, session over); a renewal in flight is ignored when it lands. */
  stop(): void {
    this.over = true;
    clearTimeout(this.timer);
  }

  private async doRenew(): Promise<string> {
    if (Date.now() >= this.sessionEndsAt) {
      this.end('expired');
      throw new SessionEndedError('expired');
    }
    try {
      const res = await refreshOverHttp(this.opts.hubUrl, this.refresh, this.opts.consoleId, this.opts.timeoutMs);
      if (this.over) throw new SessionEndedError('revoked');
      this.access = res.token;
      this.refresh = res.refreshToken;
      this.retryMs = 0;
      this.adopt(res);
      this.opts.logger.debug({ expiresAt: res.expiresAt }, 'access token renewed');
      return res.token;
    } catch (err) {
      if (err instanceof SessionEndedError) {
        if (!this.over) {
          this.opts.logger.warn({ reason: err.reason }, 'the hub refused to renew the session: it is over');
          this.end(err.reason);
        }
        throw err;
      }
      // The hub did not answer: try again a little later, with the same refresh token.
      this.retryMs = Math.min(this.opts.retryMaxMs, Math.max(this.opts.retryMinMs, this.retryMs * 2));
      this.opts.logger.warn({ err: (err as Error).message, inMs: this.retryMs }, 'session renewal failed; retrying');
      this.schedule(this.retryMs);
      throw err;
    }
  }

  private adopt(res: LoginResponse): void {
    const receivedAt = Date.now();
    let skewMs = 0;
    let lifeMs = Date.parse(res.expiresAt) - receivedAt;
    try {
      const { iat, exp } = decodeJwt(res.token);
      if (typeof iat === 'number' && typeof exp === 'number') {
        // The token's own issue time tells how far the hub's clock is from ours (to a second).
        skewMs = iat * 1000 - receivedAt;
        lifeMs = (exp - iat) * 1000;
      }
    } catch {
      // Not a JWT we can read: trust expiresAt against our own clock.
    }
    this.accessExpiresAt = receivedAt + lifeMs;
    this.renewAt = this.accessExpiresAt - marginOf(lifeMs);
    this.sessionEndsAt = Date.parse(res.sessionExpiresAt) - skewMs;
    this.schedule(Math.max(0, this.renewAt - Date.now()));
  }

  private schedule(inMs: number): void {
    clearTimeout(this.timer);
    if (this.over) return;
    this.timer = setTimeout(() => void this.renew().catch(() => undefined), inMs);
    this.timer.unref?.();
  }

  private end(reason: SessionEndReason): void {
    if (this.over) return;
    this.stop();
    this.opts.onEnded(reason);
  }
}

/** What the console says when a session is over, per reason (status line and logs; the UI has its own translations). */
export const SESSION_END_TEXT: Record<SessionEndReason, string> = {
  logout: 'Session terminée : elle a été fermée depuis le hub. Reconnectez-vous.',
  'password-changed': 'Session terminée : votre mot de passe a été changé. Reconnectez-vous.',
  'account-removed': 'Session terminée : votre compte a été supprimé. Contactez votre superviseur.',
  revoked: 'Session terminée : le hub l’a révoquée. Reconnectez-vous.',
  expired: 'Session terminée : durée maximale de 12 h atteinte. Reconnectez-vous.',
};

/**
 * The console's HTTP calls for its session: login, refresh and logout, each with a
 * hard timeout. The password goes into the login request and nowhere else.
 */
import { ApiError } from '@shared/contract/errors';
import { LoginResponse, SessionEndReason } from '@shared/hub-protocol/console';
import { hubUnreachableMessage } from './net-errors';

export async function loginOverHttp(
  hubUrl: string,
  username: string,
  password: string,
  timeoutMs: number,
  consoleId?: string,
): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, consoleId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ApiError('hub-unreachable', `${hubUnreachableMessage(hubUrl, err, timeoutMs)}.`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401) {
    throw new ApiError('bad-credentials', 'Identifiant ou mot de passe incorrect.');
  }
  if (res.status === 429) {
    throw new ApiError('forbidden', 'Trop de tentatives de connexion : patientez avant de réessayer.');
  }
  if (!res.ok) {
    throw new ApiError('hub-unreachable', `Le hub (${hubUrl}) a refusé la connexion (HTTP ${res.status}).`, { status: res.status });
  }
  const parsed = LoginResponse.safeParse(body);
  if (!parsed.success) {
    throw new ApiError('internal', 'Réponse de connexion du hub illisible.');
  }
  return parsed.data;
}

/** The hub refused to renew the session: it is over, for this reason. */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError';
  constructor(readonly reason: SessionEndReason) {
    super(`session ended: ${reason}`);
  }
}

/**
 * New access and refresh tokens for the session. Throws SessionEndedError when the hub
 * says the session is over (retrying cannot help), ApiError('hub-unreachable') when it
 * could not be asked (retry later with the same refresh token).
 */
export async function refreshOverHttp(hubUrl: string, refreshToken: string, consoleId: string | undefined, timeoutMs: number): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}/api/session/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken, consoleId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ApiError('hub-unreachable', `${hubUnreachableMessage(hubUrl, err, timeoutMs)}.`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = LoginResponse.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new ApiError('hub-unreachable', 'Réponse de renouvellement de session du hub illisible.');
  }
  if (res.status === 401) {
    const reason = SessionEndReason.safeParse((body as { error?: { reason?: unknown } } | null)?.error?.reason);
    throw new SessionEndedError(reason.success ? reason.data : 'revoked');
  }
  // Another 4xx means the hub cannot read our request: asking again will not change its mind.
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new SessionEndedError('revoked');
  throw new ApiError('hub-unreachable', `Le hub (${hubUrl}) n’a pas renouvelé la session (HTTP ${res.status}).`, { status: res.status });
}

/** Asks the hub to revoke the session of this access token. Best effort: resolves false on any failure. */
export async function logoutOverHttp(hubUrl: string, accessToken: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(`${hubUrl}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

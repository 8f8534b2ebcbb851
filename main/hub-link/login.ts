/** Operator login over HTTP: POST {hubUrl}/api/login, with a hard timeout. */
import { ApiError } from '@shared/contract/errors';
import { LoginResponse } from '@shared/hub-protocol/console';
import { hubUnreachableMessage } from './net-errors';

export async function loginOverHttp(hubUrl: string, username: string, password: string, timeoutMs: number): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
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

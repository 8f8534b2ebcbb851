/** Maps a hub refusal to the ApiError the operator sees. */
import { ApiError, type ApiErrorCode } from '@shared/contract/errors';
import type { HubError } from '@shared/hub-protocol/console';

const CODE: Record<HubError['code'], ApiErrorCode> = {
  'invalid-command': 'invalid-argument',
  'not-found': 'not-found',
  'already-claimed': 'already-claimed',
  'not-owner': 'not-owner',
  'already-closed': 'already-closed',
  forbidden: 'forbidden',
  internal: 'internal',
};

export function apiErrorFromHub(err: HubError): ApiError {
  const details: Record<string, unknown> = { hubCode: err.code };
  if (err.owner) details.owner = err.owner;
  const message =
    err.code === 'already-claimed' && err.owner
      ? `Déjà pris en charge par ${err.owner.displayName}.`
      : err.message;
  return new ApiError(CODE[err.code], message, details);
}

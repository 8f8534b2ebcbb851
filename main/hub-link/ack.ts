/** Hub acknowledgements: waiting for them without hanging, and mapping refusals to ApiErrors. */
import type { Socket } from 'socket.io-client';
import { ApiError, type ApiErrorCode } from '@shared/contract/errors';
import type { HubError } from '@shared/hub-protocol/console';

const CODE: Record<HubError['code'], ApiErrorCode> = {
  'invalid-command': 'invalid-argument',
  'not-found': 'not-found',
  'already-claimed': 'already-claimed',
  'not-owner': 'not-owner',
  'already-closed': 'already-closed',
  forbidden: 'forbidden',
  // Not applied, not stored: like an unanswered command, resend it (same commandId) a little later.
  'rate-limited': 'hub-unreachable',
  internal: 'internal',
};

export function apiErrorFromHub(err: HubError): ApiError {
  const details: Record<string, unknown> = { hubCode: err.code };
  if (err.owner) details.owner = err.owner;
  if (err.retryAfterMs !== undefined) details.retryAfterMs = err.retryAfterMs;
  const message =
    err.code === 'already-claimed' && err.owner
      ? `Déjà pris en charge par ${err.owner.displayName}.`
      : err.message;
  return new ApiError(CODE[err.code], message, details);
}

/**
 * The hub's own refusal of a command (it carries the hub's code), as opposed to no answer
 * at all (timeout, lost connection, unreadable ack): only the former settles a command.
 */
export function hubRefusal(err: unknown): HubError | null {
  if (!(err instanceof ApiError)) return null;
  const code = err.details?.hubCode;
  if (typeof code !== 'string') return null;
  const owner = err.details?.owner as HubError['owner'];
  const retryAfterMs = err.details?.retryAfterMs;
  return {
    code: code as HubError['code'],
    message: err.message,
    ...(owner ? { owner } : {}),
    ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
  };
}

/** Resolves with the ack, or rejects on timeout or on disconnect, whichever comes first. */
export function ackOrFail(socket: Socket, timeoutMs: number, event: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onDisconnect = () => {
      reject(new ApiError('hub-unreachable', "Connexion au hub perdue avant sa réponse : l'action n'est pas confirmée."));
    };
    socket.once('disconnect', onDisconnect);
    socket
      .timeout(timeoutMs)
      .emitWithAck(event, payload)
      .then(resolve, () =>
        reject(new ApiError('hub-unreachable', `Le hub n'a pas confirmé l'action en ${Math.round(timeoutMs / 1000)} s.`)),
      )
      .finally(() => socket.off('disconnect', onDisconnect));
  });
}

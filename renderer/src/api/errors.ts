/** One place that turns a failed request into the sentence the operator reads. */
import type { TFunction } from 'i18next';
import { API_ERROR_CODES } from '@shared/contract';
import { isLinkLost } from '../platform';
import { toApiError } from '../platform/errors';

export function errorMessage(t: TFunction, err: unknown): string {
  if (isLinkLost(err)) return t('errors.linkLost');
  const e = toApiError(err);
  return (API_ERROR_CODES as readonly string[]).includes(e.code) ? t(`errors.${e.code}`) : t('errors.internal');
}

/** Name of the current owner carried by an `already-claimed` refusal (string or owner object). */
export function refusalOwnerName(err: unknown): string | null {
  const owner = toApiError(err).details?.owner;
  if (typeof owner === 'string') return owner;
  if (owner && typeof owner === 'object' && typeof (owner as { displayName?: unknown }).displayName === 'string')
    return (owner as { displayName: string }).displayName;
  return null;
}

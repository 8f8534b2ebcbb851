/** The engine's refusals say exactly what is missing (which steps, which note): shown as they are, other errors as usual. */
import type { TFunction } from 'i18next';
import { errorMessage } from '../../api/errors';
import { toApiError } from '../../platform/errors';

export function scriptErrorMessage(t: TFunction, err: unknown): string {
  const e = toApiError(err);
  return e.details?.script === true && e.message ? e.message : errorMessage(t, err);
}

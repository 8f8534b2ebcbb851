/** Turning whatever a transport rejects with into an ApiError with a code. */
import { ApiError, ApiErrorShape } from '@shared/contract';

/** Code used when the link to the host drops: the outcome of the call is unknown. */
export const LINK_LOST_DETAIL = 'linkLost';

export function linkLostError(method: string): ApiError {
  return new ApiError('internal', `Link to the console host lost during ${method}`, { [LINK_LOST_DETAIL]: true });
}

export function isLinkLost(err: unknown): boolean {
  return err instanceof ApiError && err.details?.[LINK_LOST_DETAIL] === true;
}

export function fromErrorShape(shape: unknown): ApiError {
  const parsed = ApiErrorShape.safeParse(shape);
  if (parsed.success) return new ApiError(parsed.data.code, parsed.data.message, parsed.data.details);
  return new ApiError('internal', 'Malformed error from host', { raw: String(JSON.stringify(shape)).slice(0, 500) });
}

/** Electron rewrites rejected messages as "Error invoking remote method 'x': Error: ..."; recover the code if present. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = fromErrorShape(err);
    if (e.code !== 'internal' || (err as { code: unknown }).code === 'internal') return e;
  }
  const message = err instanceof Error ? err.message : String(err);
  const json = message.match(/\{.*\}$/s)?.[0];
  if (json) {
    try {
      const e = fromErrorShape(JSON.parse(json));
      if (e.message !== 'Malformed error from host') return e;
    } catch {
      /* not JSON: fall through */
    }
  }
  return new ApiError('internal', message);
}

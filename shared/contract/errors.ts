import { z } from 'zod';

/** Error codes a request can fail with; the renderer shows a message per code. */
export const API_ERROR_CODES = [
  'invalid-argument',
  'unknown-method',
  'not-logged-in',
  'bad-credentials',
  'hub-unreachable',
  'already-claimed',
  'not-owner',
  'already-closed',
  'not-found',
  'forbidden',
  'internal',
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorShape = z.object({
  code: ApiErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** Thrown by services and by the client; carries a code the UI can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

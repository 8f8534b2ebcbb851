import type { z } from 'zod';
import { ApiError } from '@shared/contract/errors';

/** One readable line per zod issue, e.g. "caseId: Invalid input: expected string, received number". */
export function invalidArgument(method: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(arguments)', message: i.message }));
  const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError('invalid-argument', `Arguments invalides pour ${method} : ${text}`, { issues });
}

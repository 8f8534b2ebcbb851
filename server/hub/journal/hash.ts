import { createHash } from 'node:crypto';
import type { Sha256 } from '@shared/domain/journal';

/** sha256 of a UTF-8 string, hex: what shared/domain/journal's hash functions take. */
export const sha256: Sha256 = (text) => createHash('sha256').update(text).digest('hex');

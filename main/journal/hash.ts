import { createHash } from 'node:crypto';
import { computeChainHash, computePayloadHash, type JournalEvent, type Sha256 } from '@shared/domain/journal';

export const sha256: Sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** hash = sha256(prevHash + '\n' + journalHashInput(e)), hex; the hub computes the same. */
export function chainHash(prevHash: string, e: Omit<JournalEvent, 'hash' | 'prevHash' | 'payload'>): string {
  return computeChainHash(sha256, prevHash, e);
}

export function payloadHash(payload: Record<string, unknown>): string {
  return computePayloadHash(sha256, payload);
}

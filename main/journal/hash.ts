import { createHash } from 'node:crypto';
import { journalHashInput, type JournalEvent } from '@shared/domain/journal';

/** hash = sha256(prevHash + '\n' + journalHashInput(e)), hex; the hub computes the same. */
export function chainHash(prevHash: string, e: Omit<JournalEvent, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(`${prevHash}\n${journalHashInput(e)}`).digest('hex');
}

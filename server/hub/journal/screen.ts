/**
 * Judges one item of a journal batch on its own, before anything recursive touches it:
 * a bad item is refused alone and never fails the batch. Depth is measured without
 * recursion first (JSON.parse builds a 100 000-level structure happily; JSON.stringify
 * and canonical hashing would overflow the stack on it), then size, then shape, then
 * hashes.
 */
import {
  eventHashProblem,
  JournalEvent,
  MAX_JOURNAL_PAYLOAD_BYTES,
  MAX_JOURNAL_PAYLOAD_DEPTH,
  type JournalEvent as Event,
} from '@shared/domain/journal';
import type { JournalRefusalCode } from '@shared/hub-protocol/journal';
import { clip, describeIssues } from '../issues';
import { sha256 } from './hash';

/** The event object itself is one level above its payload. */
const MAX_EVENT_DEPTH = MAX_JOURNAL_PAYLOAD_DEPTH + 1;

export type Screened = { ok: true; event: Event } | { ok: false; code: JournalRefusalCode; message: string };

/** The item's id as sent, for the answer (null when it has none a console could match). */
export function itemId(item: unknown): string | null {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? clip(id, 64) : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when some value inside v sits deeper than max (v itself is depth 1). Iterative. */
export function deeperThan(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

export function screenItem(item: unknown): Screened {
  const label = itemId(item) ?? '(sans identifiant)';
  if (!isObject(item)) return { ok: false, code: 'invalid', message: 'Événement invalide : un objet JSON est attendu' };
  if (deeperThan(item, MAX_EVENT_DEPTH)) {
    return { ok: false, code: 'too-deep', message: `Événement ${label} refusé : contenu imbriqué sur plus de ${MAX_JOURNAL_PAYLOAD_DEPTH} niveaux` };
  }
  if (isObject(item.payload)) {
    const bytes = Buffer.byteLength(JSON.stringify(item.payload));
    if (bytes > MAX_JOURNAL_PAYLOAD_BYTES) {
      return { ok: false, code: 'too-large', message: `Événement ${label} refusé : contenu de ${bytes} octets (au plus ${MAX_JOURNAL_PAYLOAD_BYTES})` };
    }
  }
  const parsed = JournalEvent.safeParse(item);
  if (!parsed.success) return { ok: false, code: 'invalid', message: `Événement ${label} invalide : ${describeIssues(parsed.error, '(événement)')}` };
  return { ok: true, event: parsed.data };
}

/** The event's own hashes (payloadHash, hash from prevHash); links between events are checked at storage. */
export function hashRefusal(e: Event): Screened | null {
  const problem = eventHashProblem(sha256, e);
  if (!problem) return null;
  const what = problem === 'payload-hash' ? 'le contenu ne correspond pas à son empreinte' : 'l’empreinte ne correspond pas à l’événement';
  return { ok: false, code: 'bad-hash', message: `Empreinte invalide pour l’événement ${e.id} : ${what} (modifié ou corrompu)` };
}

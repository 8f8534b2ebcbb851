/** The sentences the operator reads about a command: what it is, what waits, why the hub refused it. */
import type { TFunction } from 'i18next';
import type { ConsoleCommand } from '@shared/contract';

const KNOWN_REASONS = new Set(['already-closed', 'already-claimed', 'not-owner', 'not-found', 'forbidden', 'invalid-command', 'internal']);

/** The hub's reason in the UI language; the hub's own (French) message for a code this version does not know. */
export function refusalReason(t: TFunction, c: ConsoleCommand): string {
  const r = c.refusal;
  if (!r) return '';
  if (!KNOWN_REASONS.has(r.code)) return r.message;
  return t(`commands.reason.${r.code}`, { name: r.owner?.displayName ?? '?' });
}

export function refusedText(t: TFunction, c: ConsoleCommand): string {
  return t(`commands.refused.${c.type}`, { reason: refusalReason(t, c) });
}

export function waitingText(t: TFunction, c: ConsoleCommand): string {
  return t(`commands.waiting.${c.type}`);
}

/**
 * What one history entry says, in the UI language: its label, who acted and
 * the details an operator or a reviewer needs (whose case a supervisor took
 * over, the closure reason, the alarm). Pure, so the wording is tested apart
 * from the layout. A type this version does not know is shown by its name.
 */
import type { TFunction } from 'i18next';
import { previousOwnerOf, type CaseHistoryEntry, type HistoryActor } from '@shared/domain/case-history';

export interface EntryText {
  label: string;
  /** « vous », a display name, or null for the hub's own events (alarm intake). */
  who: string | null;
  details: string[];
}

type Exists = (key: string) => boolean;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export function labelOf(type: string, t: TFunction, exists: Exists): string {
  const key = `history.type.${type}`;
  // A newer console's or hub's type: its own name, never a crash nor an empty line.
  return exists(key) ? t(key) : type;
}

function nameOf(a: HistoryActor, meId: string | null, t: TFunction): string {
  return a.operatorId === meId ? t('history.you') : a.displayName;
}

export function describeEntry(e: CaseHistoryEntry, meId: string | null, t: TFunction, exists: Exists): EntryText {
  const p = e.payload ?? {};
  const details: string[] = [];

  if (e.type === 'alarm.received') {
    const kind = str(p.kind);
    if (kind) details.push(exists(`kind.${kind}`) ? t(`kind.${kind}`) : kind);
    const beacon = str(p.beaconId);
    if (beacon) details.push(t('history.beacon', { beaconId: beacon }));
  }
  if (e.type === 'alarm.info' || e.type === 'alarm.aborted') {
    const text = str(p.text);
    if (text) details.push(text);
  }
  // A technical case the hub closed itself when the beacon restored its fault.
  if (e.type === 'case.closed' && !e.actor && p.by === 'system') details.push(t('history.closedBySystem'));
  const previous = previousOwnerOf(e);
  if (previous) details.push(previous.operatorId === meId ? t('history.takenFromYou') : t('history.takenFrom', { name: previous.displayName }));
  // A refused claim names who held the case.
  const owner = p.owner as { operatorId?: unknown; displayName?: unknown } | null | undefined;
  if (owner && typeof owner === 'object' && str(owner.displayName) && !previous) {
    details.push(t('history.heldBy', { name: owner.operatorId === meId ? t('history.you') : (owner.displayName as string) }));
  }
  const closure = str(p.closureCode);
  if (closure) {
    const reason = exists(`closure.${closure}`) ? t(`closure.${closure}`) : closure;
    const note = str(p.note);
    details.push(t('history.reason', { reason }) + (note ? ` — ${note}` : ''));
  }
  // A listening or talking period through the beacon: its mode and how long it lasted.
  if (e.type === 'voice.period') {
    const mode = str(p.mode);
    if (mode) details.push(exists(`call.mode.${mode}`) ? t(`call.mode.${mode}`) : mode);
    if (typeof p.durationMs === 'number') details.push(`${Math.round(p.durationMs / 1000)} s`);
  }
  const why = str(p.reason) ?? str(p.message);
  if (why && e.type.endsWith('-refused')) details.push(why);

  return { label: labelOf(e.type, t, exists), who: e.actor ? nameOf(e.actor, meId, t) : null, details };
}

export function formatTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeStyle: 'medium' }).format(d);
}

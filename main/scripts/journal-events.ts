/**
 * One journal event per script input, readable on its own (step title, outcome, reason)
 * and carrying the input itself, so the journal alone is enough to replay a script.
 */
import type { ScriptState } from '@shared/scripts/engine';
import type { ScriptInput } from '@shared/scripts/inputs';
import type { Script } from '@shared/scripts/schema';
import type { ResolvedContact } from '@shared/scripts/contacts';

export interface JournalEntry {
  type: string;
  payload: Record<string, unknown>;
}

export function journalEntriesFor(script: Script, input: ScriptInput, after: ScriptState, contacts: Record<string, ResolvedContact>): JournalEntry[] {
  const step = 'stepId' in input ? script.steps.find((s) => s.id === input.stepId) : undefined;
  const about = step ? { stepId: step.id, step: step.title, stepKind: step.kind } : {};
  const base = { scriptId: script.id, version: script.version, input };
  switch (input.type) {
    case 'start':
      return [{ type: 'script.started', payload: { ...base, title: script.title, firstStep: after.currentId } }];
    case 'begin': {
      const contact = step && (step.kind === 'call' || step.kind === 'notify') ? contacts[step.contact] : undefined;
      return [{ type: 'script.step-begun', payload: { ...base, ...about, ...(contact ? { contact: contact.name, number: contact.number } : {}) } }];
    }
    case 'outcome':
      return [{ type: 'script.step-done', payload: { ...base, ...about, outcome: input.outcome, ...(input.value ? { value: input.value } : {}), next: after.currentId } }];
    case 'skip':
      return [{ type: 'script.step-skipped', payload: { ...base, ...about, reason: input.reason ?? null, required: step?.required ?? false, next: after.currentId } }];
    case 'note':
      return [{ type: 'script.note', payload: { ...base, ...about, text: input.text } }];
    case 'deadline':
      return [{ type: 'script.deadline-passed', payload: { ...base, ...about, outcome: 'deadline', escalatedTo: after.currentId } }];
    case 'close': {
      const closed = after.closed;
      const entries: JournalEntry[] = [];
      if (closed?.overrideReason) entries.push({ type: 'script.override', payload: { ...base, reason: closed.overrideReason, openSteps: closed.openSteps } });
      entries.push({ type: 'script.closed', payload: { ...base, outcome: input.code, code: input.code, note: input.note ?? null } });
      return entries;
    }
  }
}

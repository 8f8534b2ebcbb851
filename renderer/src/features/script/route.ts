/** The steps to show: those taken (in order), the current one, then the ones ahead on the default route. */
import type { ScriptState } from '@shared/scripts/engine';
import { nextStepId, type Script, type Step } from '@shared/scripts/schema';

export interface RouteItem {
  step: Step;
  place: 'past' | 'current' | 'ahead';
}

export function routeOf(script: Script, state: ScriptState | null): RouteItem[] {
  const byId = new Map(script.steps.map((s, i) => [s.id, { step: s, index: i }]));
  const items: RouteItem[] = [];
  const seen = new Set<string>();
  const path = state?.path ?? [];
  path.forEach((id, n) => {
    const found = byId.get(id);
    const isCurrent = n === path.length - 1 && state?.currentId === id;
    if (found && !isCurrent) items.push({ step: found.step, place: 'past' });
  });
  let id: string | null = state ? state.currentId : (script.steps[0]?.id ?? null);
  let first = true;
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const found = byId.get(id);
    if (!found) break;
    items.push({ step: found.step, place: first && state ? 'current' : 'ahead' });
    first = false;
    if (found.step.kind === 'close') break;
    id = nextStepId(script, found.index, 'default');
  }
  return items;
}

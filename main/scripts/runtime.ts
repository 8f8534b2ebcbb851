/**
 * A case's script at run time: the script, the context it runs against, its inputs and
 * the state they replay to. Built from the console's store, the hub's record, or, for a
 * case that has none yet, by choosing the script that fits.
 */
import type { Case } from '@shared/domain/case';
import type { ScriptContext } from '@shared/scripts/context';
import { replay, type ScriptState } from '@shared/scripts/engine';
import { orderInputs, type ScriptInput } from '@shared/scripts/inputs';
import type { Script } from '@shared/scripts/schema';
import { localTime, selectScript } from '@shared/scripts/select';
import { contactsOf, type ContactResolver } from './contacts';

export interface Runtime {
  caseId: string;
  script: Script;
  ctx: ScriptContext;
  inputs: ScriptInput[];
  state: ScriptState | null;
  hubSynced: boolean;
}

export interface Catalogue {
  scripts: Script[];
  holidays: string[];
}

export function contextOf(c: Case, script: Script, resolver: ContactResolver): ScriptContext {
  return {
    caseId: c.id,
    kind: c.kind,
    drill: c.drill,
    siteId: c.siteId,
    siteName: c.siteName,
    address: c.address,
    beaconId: c.beaconId,
    text: c.text,
    contacts: contactsOf(script, c.siteId, resolver),
  };
}

/** The script for a new case: chosen at the time the alarm was received, so every console picks the same one. */
export function chooseScript(c: Case, catalogue: Catalogue): Script | null {
  return selectScript(catalogue.scripts, { kind: c.kind, drill: c.drill, siteId: c.siteId, time: localTime(c.receivedAt), holidays: catalogue.holidays });
}

export function buildRuntime(c: Case, script: Script, inputs: ScriptInput[], hubSynced: boolean, resolver: ContactResolver): Runtime {
  const ctx = contextOf(c, script, resolver);
  const ordered = orderInputs(inputs);
  return { caseId: c.id, script, ctx, inputs: ordered, state: replay(script, ctx, ordered).state, hubSynced };
}

/** Adds inputs not yet known (by id) and replays; returns how many were new. */
export function mergeInputs(rt: Runtime, more: readonly ScriptInput[]): number {
  const known = new Set(rt.inputs.map((i) => i.id));
  const fresh = more.filter((i) => !known.has(i.id));
  if (fresh.length === 0) return 0;
  rt.inputs = orderInputs([...rt.inputs, ...fresh]);
  rt.state = replay(rt.script, rt.ctx, rt.inputs).state;
  return fresh.length;
}

import { describe, expect, it } from 'vitest';
import { apply, armedTimers, openRequiredSteps, replay, type ScriptState } from './engine';
import type { ScriptInput } from './inputs';
import { parseScriptText } from './parse';
import type { Script } from './schema';
import { localTime, selectScript } from './select';
import { drive, inputClock, testContext } from './testing';

function script(yaml: string): Script {
  const r = parseScriptText(yaml, 'test.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return r.script;
}

const INTRUSION = script(`
id: t-intrusion
version: 2
title: Intrusion
kinds: [ppms.intrusion]
steps:
  - { id: listen, kind: listen, mode: discreet, title: Écoute }
  - { id: call-17, kind: call, contact: police-17, title: Appeler le 17 }
  - { id: call-city, kind: call, contact: city-safety, title: Ville }
  - { id: sms, kind: notify, contact: "site:head", channel: sms, message: "Alerte à {site}", title: SMS, required: false }
  - { id: close, kind: close, title: Clore }
`);

const FAULT = script(`
id: t-fault
version: 1
title: Défaut
kinds: [device.low-battery]
steps:
  - { id: wait, kind: wait, minutes: 30, escalate: call, title: Attendre }
  - { id: close, kind: close, title: Clore }
  - { id: call, kind: call, contact: "site:safety-manager", title: Appeler, next: close }
`);

const op = 'op-1';
function start(s: Script, tick = inputClock()): { tick: typeof tick; input: ScriptInput } {
  return { tick, input: { ...tick(), operatorId: op, type: 'start', scriptId: s.id, version: s.version } };
}

describe('script engine', () => {
  it('is deterministic: the same inputs, in any order of arrival, give the same state', () => {
    const ctx = testContext('ppms.intrusion');
    const { tick, input } = start(INTRUSION);
    const inputs: ScriptInput[] = [
      input,
      { ...tick(), operatorId: op, type: 'begin', stepId: 'listen' },
      { ...tick(), operatorId: op, type: 'outcome', stepId: 'listen', outcome: 'confirmed' },
      { ...tick(), operatorId: op, type: 'note', stepId: 'listen', text: 'cris dans le couloir' },
      { ...tick(), operatorId: op, type: 'begin', stepId: 'call-17' },
    ];
    const a = replay(INTRUSION, ctx, inputs);
    const b = replay(INTRUSION, ctx, [...inputs].reverse());
    expect(b).toEqual(a);
    expect(a.state?.currentId).toBe('call-17');
    expect(a.state?.steps.listen).toMatchObject({ status: 'done', outcome: 'confirmed', notes: [{ text: 'cris dans le couloir' }] });
  });

  it('asks the console to call, with the contact reference, on Enter', () => {
    const ctx = testContext('ppms.intrusion');
    const { tick, input } = start(INTRUSION);
    const r = drive(INTRUSION, ctx, [
      input,
      { ...tick(), operatorId: op, type: 'outcome', stepId: 'listen', outcome: 'confirmed' },
      { ...tick(), operatorId: op, type: 'begin', stepId: 'call-17' },
    ]);
    expect(r.refused).toBeNull();
    const last = r.results.at(-1);
    expect(last?.ok && last.effects).toEqual([{ type: 'call', stepId: 'call-17', contact: 'police-17' }]);
  });

  it('refuses a step that is not the current one', () => {
    const ctx = testContext('ppms.intrusion');
    const { tick, input } = start(INTRUSION);
    const r = drive(INTRUSION, ctx, [input, { ...tick(), operatorId: op, type: 'begin', stepId: 'call-city' }]);
    expect(r.refused?.error).toContain('n’est pas l’étape en cours');
  });

  it('refuses to close early without a reason, and closes with one (the open steps kept)', () => {
    const ctx = testContext('ppms.intrusion');
    const { tick, input } = start(INTRUSION);
    const first = drive(INTRUSION, ctx, [input]);
    const early = apply(INTRUSION, ctx, first.state, { ...tick(), operatorId: op, type: 'close', code: 'real-alarm-escalated' });
    expect(early.ok).toBe(false);
    expect(!early.ok && early.error).toContain('Écoute, Appeler le 17, Ville');
    const forced = apply(INTRUSION, ctx, first.state, { ...tick(), operatorId: op, type: 'close', code: 'real-alarm-escalated', overrideReason: 'doublon du dossier voisin' });
    expect(forced.ok && forced.state.closed).toMatchObject({ overrideReason: 'doublon du dossier voisin', openSteps: ['listen', 'call-17', 'call-city'] });
  });

  it('needs a note to close a life-safety case as a false alarm, and refuses codes that do not fit the kind', () => {
    const ctx = testContext('ppms.intrusion');
    const state = drive(INTRUSION, ctx, [start(INTRUSION).input]).state as ScriptState;
    const tick = inputClock('2026-11-30T10:00:00Z');
    const base = { operatorId: op, type: 'close' as const, overrideReason: 'fausse alarme évidente' };
    expect(apply(INTRUSION, ctx, state, { ...tick(), ...base, code: 'false-alarm-handling-error' })).toMatchObject({ ok: false });
    expect(apply(INTRUSION, ctx, state, { ...tick(), ...base, code: 'false-alarm-handling-error', note: 'élève a appuyé' })).toMatchObject({ ok: true });
    expect(apply(INTRUSION, ctx, state, { ...tick(), ...base, code: 'technical-handled' })).toMatchObject({ ok: false });
  });

  it('lets an optional step be skipped, a required one only with a reason', () => {
    const ctx = testContext('ppms.intrusion');
    const { tick, input } = start(INTRUSION);
    expect(drive(INTRUSION, ctx, [input, { ...tick(), operatorId: op, type: 'skip', stepId: 'listen' }]).refused?.error).toContain('obligatoire');
    const r = drive(INTRUSION, ctx, [
      input,
      { ...tick(), operatorId: op, type: 'skip', stepId: 'listen', reason: 'balise muette, 17 déjà prévenu par l’école' },
      { ...tick(), operatorId: op, type: 'outcome', stepId: 'call-17', outcome: 'reached' },
      { ...tick(), operatorId: op, type: 'outcome', stepId: 'call-city', outcome: 'reached' },
      { ...tick(), operatorId: op, type: 'skip', stepId: 'sms' },
    ]);
    expect(r.refused).toBeNull();
    expect(r.state?.currentId).toBe('close');
    expect(openRequiredSteps(INTRUSION, r.state!)).toEqual([]);
  });

  it('refuses any call to 17, 18 or 15 for a drill, by reference or by number', () => {
    const ctx = testContext('ppms.intrusion', true, { 'city-safety': { ref: 'city-safety', name: 'Ville', role: 'city-safety', number: '17' } });
    const { tick, input } = start(INTRUSION);
    const toPolice = drive(INTRUSION, ctx, [
      input,
      { ...tick(), operatorId: op, type: 'outcome', stepId: 'listen', outcome: 'confirmed' },
      { ...tick(), operatorId: op, type: 'begin', stepId: 'call-17' },
    ]);
    expect(toPolice.refused?.error).toContain('Exercice');
    const skipped = drive(INTRUSION, ctx, [
      input,
      { ...tick(), operatorId: op, type: 'outcome', stepId: 'listen', outcome: 'confirmed' },
      { ...tick(), operatorId: op, type: 'skip', stepId: 'call-17' },
      { ...tick(), operatorId: op, type: 'begin', stepId: 'call-city' },
    ]);
    expect(skipped.refused?.error).toContain('Exercice');
    expect(skipped.state?.steps['call-17']?.skipReason).toContain('exercice');
  });

  it('escalates a wait step when its deadline passes, not before', () => {
    const ctx = testContext('device.low-battery');
    const tick = inputClock('2026-11-30T09:00:00Z');
    const started = apply(FAULT, ctx, null, { ...tick(), operatorId: op, type: 'start', scriptId: 't-fault', version: 1 });
    expect(started.ok && started.effects).toEqual([{ type: 'arm-timer', stepId: 'wait', at: '2026-11-30T09:30:01.000Z' }]);
    const state = (started.ok && started.state) as ScriptState;
    expect(armedTimers(FAULT, state)).toEqual([{ stepId: 'wait', at: '2026-11-30T09:30:01.000Z' }]);
    expect(apply(FAULT, ctx, state, { id: 'X1', at: '2026-11-30T09:29:00.000Z', operatorId: 'system', type: 'deadline', stepId: 'wait' }).ok).toBe(false);
    const late = apply(FAULT, ctx, state, { id: 'X2', at: '2026-11-30T09:30:01.000Z', operatorId: 'system', type: 'deadline', stepId: 'wait' });
    expect(late.ok && late.state.currentId).toBe('call');
    expect(late.ok && late.state.steps.wait).toMatchObject({ escalated: true, outcome: 'deadline' });
    expect(late.ok && late.effects).toEqual([{ type: 'disarm-timer', stepId: 'wait' }, { type: 'escalated', stepId: 'wait', to: 'call' }]);
  });
});

describe('script selection', () => {
  const general = INTRUSION;
  const nights = { ...INTRUSION, id: 't-nights', when: ['nights' as const] };
  const site = { ...INTRUSION, id: 't-site', sites: ['school-1'] };
  const drill = { ...INTRUSION, id: 't-drill', drill: true };
  const all = [general, nights, site, drill];
  const q = (at: string, siteId: string | null, isDrill = false) => ({ kind: 'ppms.intrusion' as const, drill: isDrill, siteId, time: localTime(at), holidays: ['2026-12-25'] });

  it('prefers a site override, then a time variant, then the general script', () => {
    expect(selectScript(all, q('2026-11-30T10:00:00Z', 'school-2'))?.id).toBe('t-intrusion');
    // 23:00 in Paris is 22:00 UTC in winter.
    expect(selectScript(all, q('2026-11-30T22:00:00Z', 'school-2'))?.id).toBe('t-nights');
    expect(selectScript(all, q('2026-11-30T22:00:00Z', 'school-1'))?.id).toBe('t-site');
    expect(selectScript(all, q('2026-11-30T10:00:00Z', 'school-1', true))?.id).toBe('t-drill');
  });

  it('reads school hours in the centre’s time zone and honours holidays', () => {
    const school = { ...INTRUSION, id: 't-school', when: ['school-hours' as const] };
    expect(selectScript([general, school], q('2026-11-30T07:30:00Z', null))?.id).toBe('t-school'); // Monday 08:30 Paris
    expect(selectScript([general, school], q('2026-12-25T09:00:00Z', null))?.id).toBe('t-intrusion'); // Christmas
    expect(selectScript([general, school], q('2026-11-28T09:00:00Z', null))?.id).toBe('t-intrusion'); // Saturday
  });
});

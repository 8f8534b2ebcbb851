/** script.get / script.sync on /console: merged by input id, pushed to the other consoles following the case, refused to a non-owner operator and to bad payloads. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptAck, ScriptRecord } from '@shared/hub-protocol/scripts';
import { parseScriptText } from '@shared/scripts/parse';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

const parsed = parseScriptText('id: t\nversion: 3\ntitle: T\nkinds: [ppms.intrusion]\nsteps:\n  - { id: info, kind: info, title: Lire, text: Lire }\n  - { id: close, kind: close, title: Clore }\n', 't.yaml');
if (!parsed.ok) throw new Error('test script invalid');
const script = parsed.script;
const input = (id: string, at: string, operatorId: string) => ({ id, at, operatorId, type: 'outcome' as const, stepId: 'info', outcome: 'read' });

describe('scripts on /console', () => {
  it('merges records by input id, pushes them to the others following the case, and refuses a non-owner operator', async () => {
    const res = await postAlarm(f.hub.url, f.key, alarmBody());
    const { caseId } = (await res.json()) as { caseId: string };
    const op1 = await login(f.hub.url, 'operateur1');
    const op2 = await login(f.hub.url, 'operateur2');
    const sup = await login(f.hub.url, 'superviseur');
    const a = await connectConsole(f, op1.token);
    const b = await connectConsole(f, op2.token);
    const s = await connectConsole(f, sup.token);
    await Promise.all([a.snapshot, b.snapshot, s.snapshot]);
    expect((await a.command({ commandId: 'claim-000001', type: 'claim', caseId })).ok).toBe(true);

    // The supervisor follows the case (nothing stored yet).
    expect(await s.emitAck('script.get', { caseId })).toEqual({ ok: true, record: null });
    const pushed = new Promise<ScriptRecord>((resolve) => s.socket.once('script.changed', resolve));

    const start = { id: '01A', at: '2026-11-30T09:00:00.000Z', operatorId: op1.operator.id, type: 'start', scriptId: 't', version: 3 };
    const first = (await a.emitAck('script.sync', { caseId, script, inputs: [start] })) as unknown as ScriptAck;
    expect(first.ok && first.record?.inputs).toHaveLength(1);
    // A resend with one more input: merged, not duplicated.
    const second = (await a.emitAck('script.sync', { caseId, script, inputs: [start, input('01B', '2026-11-30T09:00:05.000Z', op1.operator.id)] })) as unknown as ScriptAck;
    expect(second.ok && second.record?.inputs.map((i) => i.id)).toEqual(['01A', '01B']);
    expect((await pushed).inputs.map((i) => i.id)).toEqual(['01A']);

    // Another operator may read it, not write it.
    const refused = (await b.emitAck('script.sync', { caseId, script, inputs: [input('01C', '2026-11-30T09:00:09.000Z', op2.operator.id)] })) as unknown as ScriptAck;
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    const read = (await b.emitAck('script.get', { caseId })) as unknown as ScriptAck;
    expect(read.ok && read.record?.inputs).toHaveLength(2);
    // A supervisor may (a takeover continues the script).
    const bySupervisor = (await s.emitAck('script.sync', { caseId, script, inputs: [input('01D', '2026-11-30T09:00:09.000Z', sup.operator.id)] })) as unknown as ScriptAck;
    expect(bySupervisor.ok && bySupervisor.record?.inputs).toHaveLength(3);
  });

  it('answers a clear refusal to a malformed record', async () => {
    const op1 = await login(f.hub.url, 'operateur1');
    const a = await connectConsole(f, op1.token);
    await a.snapshot;
    const r = (await a.emitAck('script.sync', { caseId: 'x', script: { id: 'bad' }, inputs: [] })) as unknown as ScriptAck;
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(((await a.emitAck('script.get', { caseId: 'unknown-case' })) as unknown as ScriptAck)).toEqual({ ok: true, record: null });
  });
});

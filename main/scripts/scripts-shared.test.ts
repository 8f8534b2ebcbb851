/**
 * Scripts against a real hub and real consoles: the operator's acts are journaled one
 * event per step with its outcome, survive a console restart, and a supervisor taking
 * over continues from the hub's record (and the operator's console hears it).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScriptView } from '@shared/contract/scripts';
import type { CommandResult } from '@shared/contract/commands';
import type { Case, ClosureCode } from '@shared/domain/case';
import { call, openCase, silent, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';
import { startScripts, type ScriptService } from './index';
import { SimulatedNotifyGateway } from './notify-gateway';

let dirs: ReturnType<typeof tempDir>[] = [];
let hub: TestHub;
const open: { c: Console; s: ScriptService }[] = [];

function scripted(dir: string): { c: Console; s: ScriptService } {
  const c = startConsole(dir, hub.url);
  const s = startScripts({ journal: c.services.journal, link: c.services.link, directory: c.services.directory, logger: silent, gateway: new SimulatedNotifyGateway(silent) });
  const pair = { c, s };
  open.push(pair);
  return pair;
}
async function login(c: Console, username: string) {
  const r = await call(c.host, 'session.login', { username, password: 'veille-demo' });
  expect(r.ok).toBe(true);
}
/** Waits until an async probe gives a value (vi.waitFor retries the callback until it resolves). */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  return vi.waitFor(async () => {
    const v = await probe();
    if (!v) throw new Error(`still waiting for ${what}`);
    return v;
  }, { timeout: timeoutMs, interval: 20 });
}
const close = async (p: { c: Console; s: ScriptService }) => {
  p.s.stop();
  await p.c.close();
  open.splice(open.indexOf(p), 1);
};

beforeEach(async () => {
  const d = tempDir();
  dirs.push(d);
  hub = await startTestHub(d.dir);
});
afterEach(async () => {
  for (const p of [...open]) await close(p);
  await hub.close();
  for (const d of dirs) d.remove();
  dirs = [];
});

describe('escalation scripts with the hub', () => {
  it('journals each step with its outcome, keeps the state across a restart, and lets a supervisor continue', async () => {
    const dA = tempDir();
    dirs.push(dA);
    let a = scripted(dA.dir);
    await login(a.c, 'operateur1');
    await hub.raiseAlarm();
    const c = await waitFor('the PPMS case', () => openCase(a.c.services.link.cases()));
    expect((await call(a.c.host, 'cases.claim', { caseId: c.id })).ok).toBe(true);

    // The claim starts the script (journaled); its first step is the discreet listening.
    const started = await until('the script started', async () => { const v = await a.s.get(c.id); return v.state && v; });
    expect(started.script?.id).toBe('ppms-intrusion');
    expect(started.state?.currentId).toBe('listen');
    await a.s.act(c.id, { type: 'begin', stepId: 'listen' });
    await a.s.act(c.id, { type: 'outcome', stepId: 'listen', outcome: 'confirmed' });
    const calling = await a.s.act(c.id, { type: 'begin', stepId: 'call-17' });
    expect(calling.contacts['police-17']).toMatchObject({ number: '17' });
    expect(calling.state?.currentId).toBe('call-17');

    const types = a.c.services.journal.list({ caseId: c.id, limit: 50 }).map((e) => e.type).reverse();
    expect(types.filter((t) => t.startsWith('script.'))).toEqual(['script.started', 'script.step-begun', 'script.step-done', 'script.step-begun']);
    const done = a.c.services.journal.list({ caseId: c.id, limit: 50 }).find((e) => e.type === 'script.step-done');
    expect(done?.payload).toMatchObject({ stepId: 'listen', outcome: 'confirmed', step: 'Écoute discrète de la balise' });
    await until('the record at the hub', async () => (await a.s.get(c.id)).shared);

    // Restart: the same data dir, the same state.
    await close(a);
    a = scripted(dA.dir);
    await login(a.c, 'operateur1');
    await waitFor('the case after the restart', () => a.c.services.link.getCase(c.id));
    expect((await a.s.get(c.id)).state?.currentId).toBe('call-17');

    // A supervisor's console, with nothing of its own, reads the hub's record…
    const dB = tempDir();
    dirs.push(dB);
    const b = scripted(dB.dir);
    await login(b.c, 'superviseur');
    await waitFor('the case at the supervisor', () => b.c.services.link.getCase(c.id));
    expect((await b.s.get(c.id)).state?.currentId).toBe('call-17');
    // …takes the case over, and continues where the operator stopped.
    expect((await call(b.c.host, 'cases.release', { caseId: c.id })).ok).toBe(true);
    expect((await call(b.c.host, 'cases.claim', { caseId: c.id })).ok).toBe(true);
    await waitFor('the supervisor owns the case', () => b.c.services.link.getCase(c.id)?.owner?.operatorId !== a.c.services.link.operator?.id && b.c.services.link.getCase(c.id)?.owner);
    const heard: ScriptView[] = [];
    a.s.on('changed', (v) => heard.push(v));
    const next = await b.s.act(c.id, { type: 'outcome', stepId: 'call-17', outcome: 'reached' });
    expect(next.state?.currentId).toBe('call-city');
    expect(next.state?.steps['listen']?.outcome).toBe('confirmed');
    // The operator's console hears the supervisor's step through the hub.
    await waitFor('the push at the first console', () => heard.find((v) => v.state?.currentId === 'call-city'));
    // The operator no longer owns it: an act is refused, clearly.
    await expect(a.s.act(c.id, { type: 'outcome', stepId: 'call-city', outcome: 'reached' })).rejects.toThrow(/pris en charge par Hélène Guérin/);
  });

  it('refuses an early closure without a reason, closes with one, and journals the override', async () => {
    const dA = tempDir();
    dirs.push(dA);
    const a = scripted(dA.dir);
    await login(a.c, 'operateur1');
    await hub.raiseAlarm();
    const c: Case = await waitFor('the PPMS case', () => openCase(a.c.services.link.cases()));
    expect((await call(a.c.host, 'cases.claim', { caseId: c.id })).ok).toBe(true);
    await until('the script started', async () => (await a.s.get(c.id)).state);
    const closeCase = async (code: ClosureCode, note?: string): Promise<CommandResult> => {
      const r = await call(a.c.host, 'cases.close', { caseId: c.id, closureCode: code, ...(note ? { note } : {}) });
      if (!r.ok) throw new Error(r.error.message);
      return r.result as CommandResult;
    };
    await expect(a.s.close(c.id, 'real-alarm-escalated', undefined, undefined, closeCase)).rejects.toThrow(/Étapes obligatoires non faites \(Écoute discrète de la balise, Appeler le 17 \(police\), Prévenir l’astreinte/);
    expect(a.c.services.link.getCase(c.id)?.status).toBe('claimed');
    const { view } = await a.s.close(c.id, 'real-alarm-escalated', undefined, 'police déjà sur place, appel de l’école', closeCase);
    expect(view.state?.closed).toMatchObject({ overrideReason: 'police déjà sur place, appel de l’école' });
    const types = a.c.services.journal.list({ caseId: c.id, limit: 50 }).map((e) => e.type);
    expect(types).toContain('script.override');
    expect(types).toContain('script.closed');
  });
});

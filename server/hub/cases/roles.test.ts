/** Roles enforced at the hub (shared/domain/permissions.ts), over real sockets. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture, type TestConsole } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

async function newCase(): Promise<string> {
  const { caseId } = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody())).json());
  if (!caseId) throw new Error('the alarm opened no case');
  return caseId;
}

async function consoleFor(username: string): Promise<TestConsole> {
  const c = await connectConsole(f, (await login(f.hub.url, username)).token);
  await c.snapshot;
  return c;
}

const close = (caseId: string) => ({ type: 'close', caseId, closureCode: 'false-alarm-technical' });

describe('a trainer', () => {
  it('is refused forbidden, in French, when it claims, releases or closes a live case, and the case is untouched', async () => {
    const caseId = await newCase();
    const [trainer, op] = await Promise.all([consoleFor('formateur'), consoleFor('operateur1')]);
    expect(await trainer.command({ type: 'claim', caseId })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Prendre en charge un dossier est réservé aux rôles opérateur, superviseur, administrateur (vous êtes formateur)' },
    });
    expect(await trainer.command(close(caseId))).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Clore un dossier est réservé aux rôles opérateur, superviseur, administrateur (vous êtes formateur)' },
    });
    expect(await trainer.emitAck('case.get', { caseId })).toMatchObject({ ok: true, case: { status: 'open', owner: null, version: 1 } });

    await op.command({ type: 'claim', caseId });
    expect(await trainer.command({ type: 'release', caseId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await trainer.command(close(caseId))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // It still watches the queue: it saw the operator's claim.
    expect(await trainer.waitFor((c) => c.id === caseId && c.version === 2)).toMatchObject({ status: 'claimed', owner: { displayName: 'Camille Morvan' } });
    expect(await trainer.emitAck('case.get', { caseId })).toMatchObject({ ok: true, case: { status: 'claimed', version: 2 } });
  });
});

describe('a supervisor', () => {
  it('still takes over: releases and closes a case an operator holds', async () => {
    const [a, b] = [await newCase(), await newCase()];
    const [sup, op] = await Promise.all([consoleFor('superviseur'), consoleFor('operateur1')]);
    await op.command({ type: 'claim', caseId: a });
    await op.command({ type: 'claim', caseId: b });
    expect(await sup.command({ type: 'release', caseId: a })).toMatchObject({ ok: true, case: { status: 'open', owner: null, version: 3 } });
    expect(await sup.command(close(b))).toMatchObject({ ok: true, case: { status: 'closed', version: 3 } });
  });

  it('while an operator still cannot touch a colleague’s case', async () => {
    const caseId = await newCase();
    const [op1, op2] = await Promise.all([consoleFor('operateur1'), consoleFor('operateur2')]);
    await op1.command({ type: 'claim', caseId });
    expect(await op2.command({ type: 'release', caseId })).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(await op2.command(close(caseId))).toMatchObject({ ok: false, error: { code: 'not-owner' } });
  });
});

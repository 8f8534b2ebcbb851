import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { startHub } from '../index';
import { alarmBody, connectConsole, login, postAlarm, silent, startFixture, TEST_DIRECTORY, type Fixture, type TestConsole } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

async function newCase(): Promise<string> {
  const r = await postAlarm(f.hub.url, f.key, alarmBody());
  const { caseId } = AlarmIngestResult.parse(await r.json());
  if (!caseId) throw new Error('the alarm opened no case');
  return caseId;
}

async function consoleFor(username: string): Promise<TestConsole> {
  const c = await connectConsole(f, (await login(f.hub.url, username)).token);
  await c.snapshot;
  return c;
}

describe('claim', () => {
  it('gives a case to exactly one of two consoles claiming at once', async () => {
    const caseId = await newCase();
    const [a, b] = await Promise.all([consoleFor('operateur1'), consoleFor('operateur2')]);
    const acks = await Promise.all([a.command({ type: 'claim', caseId }), b.command({ type: 'claim', caseId })]);
    const winners = acks.filter((x) => x.ok);
    const losers = acks.filter((x) => !x.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const won = winners[0]!;
    if (!won.ok || !won.case?.owner) throw new Error('winner ack lacks the case');
    expect(won.case).toMatchObject({ status: 'claimed', version: 2 });
    const lost = losers[0]!;
    if (lost.ok) throw new Error('unreachable');
    expect(lost.error.code).toBe('already-claimed');
    expect(lost.error.owner).toEqual(won.case.owner);
    expect(lost.error.message).toBe(`Déjà pris en charge par ${won.case.owner.displayName}`);
    // Both consoles see the claim as a delta with the new version.
    for (const c of [a, b]) expect((await c.waitFor((x) => x.id === caseId && x.version === 2)).owner).toEqual(won.case.owner);
  });

  it('answers a repeated commandId with the first ack and changes the case once', async () => {
    const caseId = await newCase();
    const a = await consoleFor('operateur1');
    const cmd = { commandId: ulid(), type: 'claim', caseId };
    const first = await a.emitAck('command', cmd);
    const release = await a.command({ type: 'release', caseId });
    expect(release).toMatchObject({ ok: true, case: { status: 'open', version: 3 } });
    const again = await a.emitAck('command', cmd);
    expect(again).toEqual(first);
    const now = await a.emitAck('case.get', { caseId });
    expect(now).toMatchObject({ ok: true, case: { status: 'open', version: 3 } });
  });

  it('answers bad payloads with invalid-command and keeps serving', async () => {
    const a = await consoleFor('operateur1');
    expect(await a.emitAck('command', { type: 'claim' })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(await a.emitAck('command', 'garbage')).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(await a.command({ type: 'explode', caseId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(await a.emitAck('case.get', { nope: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    a.socket.emit('command', { type: 'claim', caseId: 'x', commandId: ulid() }); // no ack: ignored
    expect(await a.command({ type: 'claim', caseId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await a.emitAck('case.get', { caseId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const caseId = await newCase();
    expect(await a.command({ type: 'claim', caseId })).toMatchObject({ ok: true });
  });
});

describe('release and close rules', () => {
  it('lets only the owner or a supervisor release', async () => {
    const caseId = await newCase();
    const [op1, op2, sup] = await Promise.all([consoleFor('operateur1'), consoleFor('operateur2'), consoleFor('superviseur')]);
    await op1.command({ type: 'claim', caseId });
    expect(await op2.command({ type: 'release', caseId })).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(await sup.command({ type: 'release', caseId })).toMatchObject({ ok: true, case: { status: 'open', owner: null, version: 3 } });
    expect(await op2.command({ type: 'claim', caseId })).toMatchObject({ ok: true, case: { status: 'claimed', version: 4 } });
  });

  it('requires an operator to own a case to close it; a supervisor may close any', async () => {
    const caseId = await newCase();
    const [op1, op2, sup] = await Promise.all([consoleFor('operateur1'), consoleFor('operateur2'), consoleFor('superviseur')]);
    const close = { type: 'close', caseId, closureCode: 'false-alarm-handling-error', note: 'Appui par erreur' };
    expect(await op1.command(close)).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    await op1.command({ type: 'claim', caseId });
    expect(await op2.command(close)).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(await op1.command({ type: 'close', caseId })).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    const closed = await op1.command(close);
    expect(closed).toMatchObject({
      ok: true,
      case: { status: 'closed', version: 3, closureCode: 'false-alarm-handling-error', closureNote: 'Appui par erreur' },
    });
    expect(await op1.command(close)).toMatchObject({ ok: false, error: { code: 'already-closed' } });
    expect(await op2.command({ type: 'claim', caseId })).toMatchObject({ ok: false, error: { code: 'already-closed' } });

    const unclaimed = await newCase();
    expect(await sup.command({ type: 'close', caseId: unclaimed, closureCode: 'drill' })).toMatchObject({ ok: true, case: { status: 'closed' } });
    const snap = await (await consoleFor('operateur2')).snapshot;
    expect(snap.cases.map((c) => c.id)).not.toContain(unclaimed);
  });
});

describe('snapshot and persistence', () => {
  it('sends claimed cases with their versions on reconnect', async () => {
    const caseId = await newCase();
    const { token } = await login(f.hub.url, 'operateur1');
    const first = await connectConsole(f, token);
    await first.snapshot;
    await first.command({ type: 'claim', caseId });
    first.socket.disconnect();
    const again = await connectConsole(f, token);
    const snap = await again.snapshot;
    expect(snap.cases).toHaveLength(1);
    expect(snap.cases[0]).toMatchObject({ id: caseId, status: 'claimed', version: 2, owner: { displayName: 'Camille Morvan' } });
  });

  it('keeps cases and tokens across a hub restart on the same data dir', async () => {
    const caseId = await newCase();
    const { token } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    await c.command({ type: 'claim', caseId });
    c.socket.disconnect();
    await f.hub.close();
    f.hub = await startHub({ dataDir: f.dataDir, port: 0, demo: true, directory: TEST_DIRECTORY, logger: silent });
    const back = await connectConsole(f, token);
    const snap = await back.snapshot;
    expect(snap.cases).toEqual([expect.objectContaining({ id: caseId, status: 'claimed', version: 2 })]);
  });
});

describe('alarm flood while consoles connect', () => {
  it('gives every console every case, through its snapshot or a later delta', async () => {
    const { token } = await login(f.hub.url, 'operateur1');
    const posts: Promise<string>[] = [];
    const consoles: Promise<TestConsole>[] = [];
    for (let i = 0; i < 60; i++) {
      posts.push(newCase());
      if (i % 12 === 0) consoles.push(connectConsole(f, token));
    }
    const ids = await Promise.all(posts);
    for (const c of await Promise.all(consoles)) {
      const snap = await c.snapshot;
      const known = new Set(snap.cases.map((x) => x.id));
      await Promise.all(ids.filter((id) => !known.has(id)).map((id) => c.waitFor((x) => x.id === id, 3000)));
      // Nothing arrives twice: a case in the snapshot is not sent again as version 1.
      expect(c.deltas.filter((d) => known.has(d.id))).toEqual([]);
    }
  });
});

import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { MAX_SOCKET_MESSAGE_BYTES } from '../index';
import { expectedHash } from './journal-store';
import { alarmBody, captureLogger, connectConsole, journalChain, login, postAlarm, startFixture, WARN, type Fixture } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

function journalIds(): string[] {
  const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return (db.prepare('select id from journal order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('journal batches', () => {
  it('stores a batch once, even when resent under a new commandId', async () => {
    const { token, operator } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    const events = journalChain(operator.id, null, 5);
    const ids = events.map((e) => e.id);
    expect(await c.command({ type: 'journal', events })).toEqual({ ok: true, accepted: ids });
    // The outbox did not see the ack (connection cut) and sends the same events again.
    expect(await c.command({ type: 'journal', events })).toEqual({ ok: true, accepted: ids });
    expect(journalIds()).toEqual([...ids].sort());
  });

  it('rejects a tampered event, says why, and stores the valid ones', async () => {
    const { token, operator } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    const { caseId } = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody())).json());
    const events = journalChain(operator.id, caseId, 3);
    events[1] = { ...events[1]!, payload: { i: 1, note: 'réécrit' } };
    const ack = await c.command({ type: 'journal', events });
    expect(ack).toMatchObject({
      ok: true,
      accepted: [events[0]!.id, events[2]!.id],
      rejected: [{ id: events[1]!.id, code: 'bad-hash', message: expect.stringContaining(events[1]!.id) }],
    });
    expect(journalIds()).toEqual([events[0]!.id, events[2]!.id].sort());
  });

  it('refuses a different event reusing a stored id', async () => {
    const { token, operator } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    const [first] = journalChain(operator.id, null, 1);
    await c.command({ type: 'journal', events: [first] });
    const [other] = journalChain(operator.id, null, 1, 'console-other');
    // Same id, different content, a correct hash: only the id collision is wrong.
    const clash = { ...other!, id: first!.id };
    const rehashed = { ...clash, hash: expectedHash(clash) };
    const ack = await c.emitAck('command', { commandId: ulid(), type: 'journal', events: [rehashed] });
    expect(ack).toMatchObject({ ok: true, accepted: [], rejected: [{ id: first!.id, code: 'conflict' }] });
  });
});

describe('journal batches: who may write what', () => {
  it('stores only the session operator\'s events about known cases, and says why the others were refused', async () => {
    const [{ token, operator }, other] = await Promise.all([login(f.hub.url, 'operateur1'), login(f.hub.url, 'operateur2')]);
    const { caseId } = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody())).json());
    const c = await connectConsole(f, token);
    await c.snapshot;
    const [own] = journalChain(operator.id, null, 1);
    // Well-formed and correctly hashed, but written in someone else's name: a forgery.
    const [forged] = journalChain(other.operator.id, caseId, 1);
    const [madeUp] = journalChain(operator.id, '01JDZ8Q3W9T6N4V2K8M5R7P1XC', 1);
    const [aboutCase] = journalChain(operator.id, caseId, 1);
    const ack = await c.command({ type: 'journal', events: [own, forged, madeUp, aboutCase] });
    expect(ack).toEqual({
      ok: true,
      accepted: [own!.id, aboutCase!.id],
      rejected: [
        { id: forged!.id, code: 'forbidden', message: expect.stringContaining('autre opérateur') },
        { id: madeUp!.id, code: 'unknown-case', message: expect.stringContaining('01JDZ8Q3W9T6N4V2K8M5R7P1XC') },
      ],
    });
    expect(journalIds()).toEqual([own!.id, aboutCase!.id].sort());
    // The forged event stays refused when resent; the operator's own session could store it.
    expect(await c.command({ type: 'journal', events: [forged] })).toMatchObject({ accepted: [], rejected: [{ code: 'forbidden' }] });
    const o2 = await connectConsole(f, other.token);
    await o2.snapshot;
    expect(await o2.command({ type: 'journal', events: [forged] })).toEqual({ ok: true, accepted: [forged!.id] });
  });

  it('accepts a batch under the 1 MiB message limit and cuts a larger one off without storing it, then keeps serving', async () => {
    const cap = captureLogger();
    await f.cleanup();
    f = await startFixture(undefined, { logger: cap.logger });
    const { token, operator } = await login(f.hub.url, 'operateur1');
    const bulky = (n: number) => journalChain(operator.id, null, n, 'console-test', () => ({ note: 'x'.repeat(7_000) }));
    const c = await connectConsole(f, token);
    await c.snapshot;
    const fits = bulky(100); // ~0.7 MiB
    expect(JSON.stringify(fits).length).toBeLessThan(MAX_SOCKET_MESSAGE_BYTES);
    expect(await c.command({ type: 'journal', events: fits })).toMatchObject({ ok: true, accepted: fits.map((e) => e.id) });

    const tooBig = bulky(200); // ~1.4 MiB
    expect(JSON.stringify(tooBig).length).toBeGreaterThan(MAX_SOCKET_MESSAGE_BYTES);
    const closed = new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
    await expect(c.command({ type: 'journal', events: tooBig })).rejects.toThrow();
    expect(await closed).toBe('transport close');
    expect(journalIds()).toHaveLength(100);
    await vi.waitFor(() => expect(cap.lines().some((l) => l.level === WARN && /size limit/.test(l.msg))).toBe(true));

    // The console reconnects and sends smaller batches; other consoles never noticed.
    const again = await connectConsole(f, token);
    await again.snapshot;
    expect(await again.command({ type: 'journal', events: tooBig.slice(0, 100) })).toMatchObject({ ok: true });
    expect(journalIds()).toHaveLength(200);
  });
});

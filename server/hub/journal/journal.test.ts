import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedHash } from './journal-store';
import { connectConsole, journalChain, login, startFixture, type Fixture } from '../test-helpers';

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
    const events = journalChain(operator.id, 'case-1', 3);
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

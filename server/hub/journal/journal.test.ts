/**
 * The journal lane against a REAL hub: console registration, per-event answers (one bad
 * event never fails a batch, a 100 000-level payload included), who may send what, and
 * chain gaps, as `npm run hub -- journal gaps` shows them.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONSOLE_SYSTEM_OPERATOR } from '@shared/domain/journal';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { JournalBatchAnswer } from '@shared/hub-protocol/journal';
import { runAdmin } from '../admin/run';
import { alarmBody, captureLogger, connectConsole, login, postAlarm, startFixture, WARN, type Fixture } from '../test-helpers';
import { expectedHash } from './journal-store';
import { chain, hubRows, postJournal, register, registeredConsole, sendBatch } from './lane-fixtures';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

async function gapsCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (c: Buffer | string, _e, done) => (append(c.toString()), done()) });
  const code = await runAdmin(['journal', 'gaps', ...args, '--data-dir', f.dataDir], {
    stdin: Readable.from([]),
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
  });
  return { code, out, err };
}

describe('console registration', () => {
  it('issues a key once, keeps it when the console shows it again, and replaces a lost one (the old key refused at once)', async () => {
    const c = await registeredConsole(f.hub.url);
    const [e] = chain(c.consoleId, c.operatorId, [{}]);
    expect((await sendBatch(f.hub.url, c.key, [e])).results).toEqual([{ id: e!.id, status: 'accepted' }]);

    const again = await register(f.hub.url, c.token, { consoleId: c.consoleId }, c.key);
    expect(again).toEqual({ status: 200, body: { consoleId: c.consoleId, keyStatus: 'kept' } });
    expect((await postJournal(f.hub.url, c.key, { events: [e] })).status).toBe(200);

    // The console lost its key (or someone else presents its id): a new key, the old one dead.
    const lost = await register(f.hub.url, c.token, { consoleId: c.consoleId });
    expect(lost.body).toMatchObject({ keyStatus: 'issued', key: expect.stringMatching(new RegExp(`^${c.consoleId}\\.`)) });
    expect((await postJournal(f.hub.url, c.key, { events: [e] })).status).toBe(401);
    expect((await sendBatch(f.hub.url, lost.body.key!, [e])).results).toEqual([{ id: e!.id, status: 'duplicate' }]);
  });

  it('needs a valid operator access token and a UUID console id', async () => {
    const { token } = await login(f.hub.url, 'operateur1');
    expect((await register(f.hub.url, null, { consoleId: crypto.randomUUID() })).status).toBe(401);
    expect((await register(f.hub.url, 'not-a-token', { consoleId: crypto.randomUUID() })).status).toBe(401);
    const bad = await register(f.hub.url, token, { consoleId: 'console-7f3a' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });
  });

  it('refuses the access token of a session already ended, within the token’s ten minutes', async () => {
    const { token } = await login(f.hub.url, 'operateur1');
    expect((await fetch(`${f.hub.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    expect((await register(f.hub.url, token, { consoleId: crypto.randomUUID() })).status).toBe(401);
  });
});

describe('journal batches, event by event', () => {
  it('refuses a sender without a valid console key before reading its body', async () => {
    expect((await postJournal(f.hub.url, null, null, '{not json')).status).toBe(401);
    const c = await registeredConsole(f.hub.url);
    const forged = `${c.consoleId}.${'A'.repeat(43)}`;
    expect((await postJournal(f.hub.url, forged, { events: [] })).status).toBe(401);
    const r = await postJournal(f.hub.url, c.key, { events: [] });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: { code: 'invalid-batch' } });
  });

  it('stores the valid and the unknown-type events of a mixed batch and refuses the oversized, the 100 000-level and the malformed ones, each alone', async () => {
    const cap = captureLogger();
    await f.cleanup();
    f = await startFixture(undefined, { logger: cap.logger });
    const c = await registeredConsole(f.hub.url);
    const [a, big, deep, newer, malformed, b] = chain(c.consoleId, c.operatorId, [
      {},
      { payload: { note: 'x'.repeat(9_000) } },
      {},
      { type: 'voice.listen-started', payload: { beaconId: 'B-1' } },
      {},
      {},
    ]);
    // 100 000 levels: JSON.parse builds it, a recursive walk would overflow the stack.
    const nested = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const deepText = JSON.stringify({ ...deep, payload: null }).replace('"payload":null', `"payload":${nested}`);
    const { hash: _dropped, ...noHash } = malformed!;
    const raw = `{"events":[${[a, big].map((e) => JSON.stringify(e)).join(',')},${deepText},${[newer, noHash, b].map((e) => JSON.stringify(e)).join(',')}]}`;
    expect(Buffer.byteLength(raw)).toBeLessThan(1024 * 1024);

    const r = await postJournal(f.hub.url, c.key, null, raw);
    expect(r.status).toBe(200);
    const answer = JournalBatchAnswer.parse(await r.json());
    expect(answer.results).toEqual([
      { id: a!.id, status: 'accepted' },
      { id: big!.id, status: 'refused', code: 'too-large', message: expect.stringContaining('8192') },
      { id: deep!.id, status: 'refused', code: 'too-deep', message: expect.stringContaining(deep!.id) },
      { id: newer!.id, status: 'accepted' },
      { id: malformed!.id, status: 'refused', code: 'invalid', message: expect.stringContaining('hash') },
      { id: b!.id, status: 'accepted' },
    ]);
    expect(hubRows(f.dataDir).map((x) => [x.id, x.type])).toEqual(
      [[a!.id, 'case.claimed'], [newer!.id, 'voice.listen-started'], [b!.id, 'case.claimed']].sort(),
    );
    // The refused events left holes in this console's chain: the answer says where.
    expect(answer.gaps.map((g) => g.eventId)).toEqual([newer!.id, b!.id]);
    await vi.waitFor(() => expect(cap.lines().some((l) => l.level === WARN && l.msg === 'journal events refused')).toBe(true));
    expect((await fetch(`${f.hub.url}/health`)).status).toBe(200);
  });

  it("refuses another console's events and those of an operator who never logged in on this console; accepts them once they have, and the console's own", async () => {
    const c = await registeredConsole(f.hub.url, 'operateur1');
    const other = await registeredConsole(f.hub.url, 'operateur2');
    const [ownA, purge] = chain(c.consoleId, c.operatorId, [{}, { operatorId: CONSOLE_SYSTEM_OPERATOR, type: 'journal.purged' }]);
    const [foreign] = chain(other.consoleId, other.operatorId, [{}]);
    const [stranger] = chain(c.consoleId, other.operatorId, [{}], purge!.hash);
    const answer = await sendBatch(f.hub.url, c.key, [ownA, purge, foreign, stranger]);
    expect(answer.results).toEqual([
      { id: ownA!.id, status: 'accepted' },
      { id: purge!.id, status: 'accepted' },
      { id: foreign!.id, status: 'refused', code: 'forbidden', message: expect.stringContaining('autre console') },
      { id: stranger!.id, status: 'refused', code: 'forbidden', message: expect.stringContaining('jamais connecté') },
    ]);
    // operateur2 logs in on this console: the console registers again, and may now send their events.
    const { token } = await login(f.hub.url, 'operateur2');
    expect((await register(f.hub.url, token, { consoleId: c.consoleId }, c.key)).body.keyStatus).toBe('kept');
    expect((await sendBatch(f.hub.url, c.key, [stranger])).results).toEqual([{ id: stranger!.id, status: 'accepted' }]);
  });

  it('answers a resend as duplicate, a reused id as conflict, a tampered event as bad-hash, and keeps events of cases it does not know', async () => {
    const c = await registeredConsole(f.hub.url);
    const { caseId } = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody())).json());
    const [known, unknown, tampered] = chain(c.consoleId, c.operatorId, [{ caseId }, { caseId: '01JDZ8Q3W9T6N4V2K8M5R7P1XC' }, {}]);
    const edited = { ...tampered!, payload: { i: 2, note: 'réécrit' } };
    expect((await sendBatch(f.hub.url, c.key, [known, unknown, edited])).results).toEqual([
      { id: known!.id, status: 'accepted' },
      { id: unknown!.id, status: 'accepted', code: 'unknown-case', message: expect.stringContaining('01JDZ8Q3W9T6N4V2K8M5R7P1XC') },
      { id: tampered!.id, status: 'refused', code: 'bad-hash', message: expect.stringContaining(tampered!.id) },
    ]);
    // Same id, other content, hashes correct: only the id collision is wrong.
    const [other] = chain(c.consoleId, c.operatorId, [{ payload: { other: true } }]);
    const reused = { ...other!, id: known!.id };
    const rehashed = { ...reused, hash: expectedHash(reused) };
    expect((await sendBatch(f.hub.url, c.key, [known, rehashed])).results).toEqual([
      { id: known!.id, status: 'duplicate' },
      { id: known!.id, status: 'refused', code: 'conflict', message: expect.any(String) },
    ]);
    expect(hubRows(f.dataDir).map((r) => r.id)).toEqual([known!.id, unknown!.id].sort());
  });

  it("announces newly stored events to the hub's other features once: a console following the case sees them live", async () => {
    const { caseId } = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody())).json());
    const { token } = await login(f.hub.url, 'operateur2');
    const follower = await connectConsole(f, token);
    await follower.snapshot;
    const pushed: string[] = [];
    follower.socket.on('case.history', (p: { entries: { id: string }[] }) => pushed.push(...p.entries.map((e) => e.id)));
    expect(await follower.emitAck('case.history', { caseId })).toMatchObject({ ok: true });
    const c = await registeredConsole(f.hub.url);
    const [first, second] = chain(c.consoleId, c.operatorId, [{ caseId }, { caseId }]);
    await sendBatch(f.hub.url, c.key, [first]);
    await sendBatch(f.hub.url, c.key, [first, second]); // a resend: only `second` is new
    await vi.waitFor(() => expect(pushed).toContain(second!.id));
    expect(pushed.filter((id) => id === first!.id)).toHaveLength(1);
  });

  it('refuses a body over 1 MiB with its own limit in the message', async () => {
    const c = await registeredConsole(f.hub.url);
    const r = await postJournal(f.hub.url, c.key, { events: [{ pad: 'x'.repeat(1024 * 1024) }] });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ error: { code: 'too-large', message: expect.stringContaining('1 Mio') } });
  });

  it('the socket no longer takes journal batches: they have their own lane', async () => {
    const { token, operator } = await login(f.hub.url, 'operateur1');
    const sock = await connectConsole(f, token);
    await sock.snapshot;
    const ack = await sock.command({ type: 'journal', events: chain(crypto.randomUUID(), operator.id, [{}]) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
  });
});

describe('chain continuity', () => {
  it('a missing event opens a gap, named in the answer, the log and `journal gaps`; its arrival closes it', async () => {
    const cap = captureLogger();
    await f.cleanup();
    f = await startFixture(undefined, { logger: cap.logger });
    const c = await registeredConsole(f.hub.url);
    const events = chain(c.consoleId, c.operatorId, [{}, {}, {}, {}, {}]);
    const [e1, e2, e3, e4, e5] = events;
    expect((await sendBatch(f.hub.url, c.key, [e1, e2])).gaps).toEqual([]);
    const answer = await sendBatch(f.hub.url, c.key, [e4, e5]);
    expect(answer.gaps).toEqual([{ consoleId: c.consoleId, eventId: e4!.id, missingHash: e3!.hash }]);
    expect(cap.lines().find((l) => l.level === WARN && /JOURNAL GAP/.test(l.msg))).toMatchObject({ consoleId: c.consoleId, eventId: e4!.id });

    const listed = await gapsCli();
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(e4!.id);
    expect(listed.out).toContain('poste-test');
    expect((await gapsCli('--console', crypto.randomUUID())).out).toBe('');

    expect((await sendBatch(f.hub.url, c.key, [e3])).gaps).toEqual([]);
    const after = await gapsCli('--console', c.consoleId);
    expect(after).toMatchObject({ code: 0, out: '', err: expect.stringContaining('No open gap') });
  });

  it('an event deleted at the hub afterwards (sqlite3) shows as a gap before the next one', async () => {
    const c = await registeredConsole(f.hub.url);
    const events = chain(c.consoleId, c.operatorId, [{}, {}, {}, {}]);
    expect((await sendBatch(f.hub.url, c.key, events)).gaps).toEqual([]);
    expect((await gapsCli()).out).toBe('');
    execFileSync('sqlite3', [join(f.dataDir, 'hub.sqlite'), `DELETE FROM journal WHERE id = '${events[1]!.id}'`]);
    const listed = await gapsCli('--console', c.consoleId);
    expect(listed.out.trim().split('\n')).toHaveLength(2);
    expect(listed.out).toContain(events[2]!.id);
  });
});

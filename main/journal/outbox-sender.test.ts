/**
 * The outbox sender and its uplink: against a REAL hub for batching, and against a broken
 * hub for the answers no real hub gives (a local HTTP server answering garbage, 401, or
 * results for other events: a stand-in, since the real hub cannot be made to answer so).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loginOverHttp } from '../hub-link/login';
import { silent, startTestHub, tempDir, waitFor, type TestHub } from '../testing/fixtures';
import { openJournal, type Journal } from './journal';
import { OutboxSender } from './outbox-sender';
import { JournalUplink } from './uplink';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null = null;
let broken: Server | null = null;
let journal: Journal;
let uplink: JournalUplink;
let sender: OutboxSender;

beforeEach(() => {
  tmp = tempDir();
  journal = openJournal(join(tmp.dir, 'journal.sqlite'));
});
afterEach(async () => {
  sender?.stop();
  uplink?.close();
  journal.close();
  await hub?.close();
  hub = null;
  await new Promise((r) => (broken ? broken.close(r) : r(undefined)));
  broken = null;
  tmp.remove();
});

/** Every body the sender put on the wire, through the real uplink. */
function observe(u: JournalUplink): string[] {
  const bodies: string[] = [];
  const send = u.send.bind(u);
  u.send = (body, ids) => {
    bodies.push(body);
    return send(body, ids);
  };
  return bodies;
}

const idsOf = (body: string) => (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);

it('waits for the console key, then sends every pending event oldest first, in batches measured in UTF-8 bytes', async () => {
  hub = await startTestHub(join(tmp.dir, 'hub'));
  const { token, operator } = await loginOverHttp(hub.url, 'operateur1', 'veille-demo', 5000);
  // 'é' is one UTF-16 unit but two UTF-8 bytes: batches sized by string length would overflow.
  const appended = Array.from({ length: 12 }, (_, i) =>
    journal.append({ operatorId: operator.id, caseId: null, type: 'case.claimed', payload: { i, note: 'é'.repeat(1500) } }),
  );
  uplink = new JournalUplink({ hubUrl: hub.url, journal, logger: silent });
  const bodies = observe(uplink);
  sender = new OutboxSender({ journal, uplink, logger: silent, maxBatchBytes: 8000 });
  sender.start();
  // No key yet (no login on this console): nothing goes, nothing is lost.
  expect(await sender.flush(1000)).toMatchObject({ pending: 12, refused: 0 });
  expect(bodies).toEqual([]);

  expect(await uplink.register(token)).toBe(true);
  await waitFor('outbox drained', () => journal.outbox.count() === 0);
  for (const b of bodies) expect(Buffer.byteLength(b)).toBeLessThanOrEqual(8000);
  // About 3.4 kB but only 1.9 k characters per event: two per batch, where a length count would put four.
  expect(bodies.map((b) => idsOf(b).length)).toEqual([2, 2, 2, 2, 2, 2]);
  expect(bodies.flatMap(idsOf)).toEqual(appended.map((e) => e.id));
  expect(sender.status()).toMatchObject({ pending: 0, refused: 0, lastSentAt: expect.any(String) });

  // A new append goes at once.
  const next = journal.append({ operatorId: operator.id, caseId: null, type: 'session.logout', payload: {} });
  await waitFor('append sent', () => journal.outbox.count() === 0);
  expect(idsOf(bodies.at(-1)!)).toEqual([next.id]);
});

/** A broken hub: answers each journal post with the next canned body; registration gives a new key. */
async function startBrokenHub(answers: ((ids: string[]) => { status: number; body: string })[]) {
  const seen: { ids: string[]; key: string; waiting: number }[] = [];
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => resolve(text));
    });
  broken = createServer((req, res) => {
    void readBody(req).then((text) => {
      if (req.url === '/api/v1/consoles/register') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ consoleId: journal.consoleId, keyStatus: 'issued', key: `${journal.consoleId}.${'n'.repeat(43)}` }));
      }
      const ids = idsOf(text);
      seen.push({ ids, key: req.headers.authorization ?? '', waiting: journal.outbox.count() });
      const a = (answers[seen.length - 1] ?? answers.at(-1)!)(ids);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => broken!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(broken.address() as AddressInfo).port}`, seen };
}

const ok = (ids: string[]) => ({ status: 200, body: JSON.stringify({ results: ids.map((id) => ({ id, status: 'accepted' })), gaps: [] }) });

it('an answer it cannot read (not JSON, no results, other ids, one short) is a failure retried with backoff, never a delivery', async () => {
  const { url, seen } = await startBrokenHub([
    () => ({ status: 200, body: 'not json at all' }),
    () => ({ status: 200, body: '{"ok":true,"accepted":[]}' }),
    (ids) => ({ status: 200, body: JSON.stringify({ results: ids.map((id) => ({ id: `${id}x`, status: 'accepted' })), gaps: [] }) }),
    (ids) => ({ status: 200, body: JSON.stringify({ results: ids.slice(1).map((id) => ({ id, status: 'accepted' })), gaps: [] }) }),
    ok,
  ]);
  journal.meta.set('console_key', `${journal.consoleId}.${'k'.repeat(43)}`);
  const events = [1, 2, 3].map((i) => journal.append({ operatorId: 'op-1', caseId: null, type: 'case.claimed', payload: { i } }));
  uplink = new JournalUplink({ hubUrl: url, journal, logger: silent });
  sender = new OutboxSender({ journal, uplink, logger: silent, retryMinMs: 10, retryMaxMs: 40 });
  sender.start();
  await waitFor('delivered on the fifth answer', () => journal.outbox.count() === 0);
  expect(seen.map((s) => s.waiting)).toEqual([3, 3, 3, 3, 3]);
  for (const s of seen) expect(s.ids).toEqual(events.map((e) => e.id));
});

it('a refused key stops sending (no retry loop) until the console registers again, then goes on with the new key', async () => {
  const { url, seen } = await startBrokenHub([() => ({ status: 401, body: '{"error":{"code":"unauthorized","message":"…"}}' }), ok]);
  journal.meta.set('console_key', `${journal.consoleId}.${'k'.repeat(43)}`);
  journal.append({ operatorId: 'op-1', caseId: null, type: 'case.claimed', payload: {} });
  uplink = new JournalUplink({ hubUrl: url, journal, logger: silent });
  sender = new OutboxSender({ journal, uplink, logger: silent, retryMinMs: 10, retryMaxMs: 40 });
  sender.start();
  await waitFor('the 401', () => seen.length === 1);
  await waitFor('key marked refused', () => !uplink.canSend());
  sender.trigger();
  expect(await sender.flush(500)).toMatchObject({ pending: 1 });
  expect(seen).toHaveLength(1);

  expect(await uplink.register('an-access-token')).toBe(true);
  await waitFor('sent with the new key', () => journal.outbox.count() === 0);
  expect(seen.map((s) => s.key)).toEqual([`Bearer ${journal.consoleId}.${'k'.repeat(43)}`, `Bearer ${journal.consoleId}.${'n'.repeat(43)}`]);
});

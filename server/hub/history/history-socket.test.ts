// The live side of the case history, on a real socket.io server and a real hub database:
// console journal events the hub stores (its bus's 'journal.stored') reach the consoles
// following their case, and only those. The hub's other parts are not started here.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm } from '@shared/domain/alarm';
import { CaseHistoryAck, CaseHistoryPush } from '@shared/domain/case-history';
import { seedDemoUsers } from '../auth/users';
import type { HubBusEvents, HubContext } from '../context';
import { openDatabase, type HubDb } from '../db/database';
import { indexDirectory } from '../directory-index';
import { ingestAlarm } from '../ingest/ingest-alarm';
import { createSerial } from '../serial';
import { alarmBody, journalChain, silent, TEST_DIRECTORY } from '../test-helpers';
import { attachCaseHistory, FOLLOWED_PER_SOCKET, type CaseHistoryFeature } from './history-socket';

let dir: string;
let db: HubDb;
let http: HttpServer;
let io: Server;
let hub: HubContext;
let feature: CaseHistoryFeature;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-history-'));
  db = await openDatabase(join(dir, 'hub.sqlite'), silent);
  await seedDemoUsers(db);
  hub = {
    db,
    logger: silent,
    lookup: indexDirectory(TEST_DIRECTORY),
    bus: new EventEmitter<HubBusEvents>(),
    serial: createSerial().run,
    broadcast: () => undefined,
  } as unknown as HubContext; // only what the case history uses; tokens and the rest are not involved
  http = createServer();
  io = new Server(http, { transports: ['websocket'] });
  const nsp = io.of('/console');
  feature = attachCaseHistory(nsp, hub);
  nsp.on('connection', (socket) => feature.serve(socket, silent));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const addr = http.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/console`;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  feature.detach();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function newCase(): Promise<string> {
  const alarm: Alarm = { ...(alarmBody() as Omit<Alarm, 'source'>), source: 'http:test', protocol: 'http', position: null, text: null, details: {}, raw: '{}' };
  // No grouping: each alarm its own case.
  const out = await ingestAlarm(db, hub.lookup, alarm, { groupWindowMs: 0, restoreWindowMs: 0 });
  if (out.kind !== 'stored' || !out.result.caseId) throw new Error('alarm not stored in a case');
  return out.result.caseId;
}

async function operatorId(username: string): Promise<string> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

async function client(): Promise<{ socket: Socket; pushes: CaseHistoryPush[]; next: () => Promise<CaseHistoryPush>; follow: (caseId: string) => Promise<CaseHistoryAck> }> {
  const socket = ioClient(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const pushes: CaseHistoryPush[] = [];
  let waiting: ((p: CaseHistoryPush) => void) | null = null;
  socket.on('case.history', (p: unknown) => {
    const push = CaseHistoryPush.parse(p);
    pushes.push(push);
    waiting?.(push);
    waiting = null;
  });
  return {
    socket,
    pushes,
    next: () => new Promise((resolve) => (waiting = resolve)),
    follow: async (caseId) => CaseHistoryAck.parse(await socket.timeout(5000).emitWithAck('case.history', { caseId })),
  };
}

describe('case history pushes of console journal events', () => {
  it('pushes stored events to the consoles following their case, named from the accounts', async () => {
    const [followed, other] = [await newCase(), await newCase()];
    const op1 = await operatorId('operateur1');
    const watcher = await client();
    const bystander = await client();
    expect(await watcher.follow(followed)).toMatchObject({ ok: true });
    expect(await bystander.follow(other)).toMatchObject({ ok: true });

    const mine = journalChain(op1, followed, 2, 'console-a', () => ({ operatorName: 'Nom périmé' }));
    const elsewhere = journalChain(op1, other, 1, 'console-a');
    const noCase = journalChain(op1, null, 1, 'console-a');
    const pushed = watcher.next();
    hub.bus.emit('journal.stored', [...mine, ...elsewhere, ...noCase]);
    const push = await pushed;
    expect(push.caseId).toBe(followed);
    expect(push.entries.map((e) => [e.id, e.source, e.actor?.displayName, e.consoleId])).toEqual(mine.map((e) => [e.id, 'console', 'Camille Morvan', 'console-a']));
    // The bystander follows the other case only: it got that one, never the first.
    await expect.poll(() => bystander.pushes.map((p) => p.caseId)).toEqual([other]);
    expect(watcher.pushes).toHaveLength(1);
  });

  it(`follows at most ${FOLLOWED_PER_SOCKET} cases per connection, the oldest dropped first`, async () => {
    const cases: string[] = [];
    for (let i = 0; i <= FOLLOWED_PER_SOCKET; i++) cases.push(await newCase());
    const op1 = await operatorId('operateur1');
    const c = await client();
    for (const id of cases) expect(await c.follow(id)).toMatchObject({ ok: true });
    const pushed = c.next();
    hub.bus.emit('journal.stored', [...journalChain(op1, cases[0]!, 1), ...journalChain(op1, cases[1]!, 1)]);
    expect((await pushed).caseId).toBe(cases[1]);
    expect(c.pushes.map((p) => p.caseId)).toEqual([cases[1]]);
  });

  it('names an operator whose account is gone by the name the event carried', async () => {
    const caseId = await newCase();
    const c = await client();
    await c.follow(caseId);
    const pushed = c.next();
    hub.bus.emit('journal.stored', journalChain('op-removed', caseId, 1, 'console-b', () => ({ operatorName: 'Ancien Collègue' })));
    expect((await pushed).entries[0]!.actor).toEqual({ operatorId: 'op-removed', displayName: 'Ancien Collègue' });
  });
});

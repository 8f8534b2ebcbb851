/**
 * A missed delta (version gap) makes the console refetch the case, and a hub
 * that never answers a command cannot make the operator wait. The real hub
 * does neither on purpose, so these tests use a SCRIPTED hub:
 * a real HTTP + socket.io server on 127.0.0.1 speaking the same protocol, whose
 * broadcasts the test chooses.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import { HUB_NAMESPACE, HubEvents, type LoginResponse } from '@shared/hub-protocol/console';
import { silent, waitFor } from '../testing/fixtures';
import { HubLink } from './hub-link';

const base: Case = {
  id: 'c1', version: 1, status: 'open', kind: 'pti.sos', priority: 1, drill: false, beaconId: 'B-1', siteId: null,
  siteName: 'CCAS', siteKind: null, address: '', position: null, occurredAt: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:00.000Z', owner: null, claimedAt: null, closedAt: null, closureCode: null, closureNote: null, text: null,
  alarmCount: 1, lastAlarmAt: '2026-01-01T00:00:00.000Z', voiceMode: 'duplex', beaconAbort: null, beacon: null,
};

/** What the scripted hub answers to any HTTP request: a login, in the real LoginResponse shape. */
const SCRIPTED_LOGIN: LoginResponse = {
  token: 't',
  operator: { id: 'op1', username: 'u', displayName: 'U', role: 'operator' },
  expiresAt: '2099-01-01T00:00:00Z',
  refreshToken: 'r',
  sessionId: 's',
  sessionExpiresAt: '2099-01-01T00:00:00Z',
};

let http: HttpServer | undefined;
let io: Server | undefined;
let link: HubLink | undefined;
afterEach(async () => {
  await link?.close();
  await new Promise((r) => (io ? io.close(() => r(null)) : r(null)));
});

it('refetches a case with case.get when a delta skips versions', async () => {
  let hubSide: Socket | undefined;
  const getRequests: string[] = [];
  http = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(SCRIPTED_LOGIN));
  });
  io = new Server(http, { transports: ['websocket'] });
  io.of(HUB_NAMESPACE).on('connection', (socket) => {
    hubSide = socket;
    socket.emit(HubEvents.snapshot, { cases: [base], serverTime: new Date().toISOString() });
    socket.on(HubEvents.getCase, ({ caseId }: { caseId: string }, ack: (a: unknown) => void) => {
      getRequests.push(caseId);
      ack({ ok: true, case: { ...base, version: 6, status: 'claimed', owner: { operatorId: 'op2', displayName: 'Léa' } } });
    });
  });
  await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  link = new HubLink({ hubUrl: url, logger: silent });
  const seen: number[] = [];
  link.on('caseChanged', (c) => seen.push(c.version));
  await link.login('u', 'p');
  expect(link.getCase('c1')?.version).toBe(1);

  hubSide!.emit(HubEvents.caseChanged, { ...base, version: 2 });
  await waitFor('v2', () => link!.getCase('c1')?.version === 2);
  expect(getRequests).toEqual([]);

  hubSide!.emit(HubEvents.caseChanged, { ...base, version: 4 }); // 3 was missed
  await waitFor('refetched v6', () => link!.getCase('c1')?.version === 6);
  expect(getRequests).toEqual(['c1']);
  expect(link.getCase('c1')?.owner?.displayName).toBe('Léa');
  expect(seen).toEqual([2, 4, 6]);

  // A malformed delta is dropped without harm.
  hubSide!.emit(HubEvents.caseChanged, { id: 'c1', version: 'x' });
  hubSide!.emit(HubEvents.caseChanged, { ...base, version: 3 }); // stale
  await new Promise((r) => setTimeout(r, 50));
  expect(link.getCase('c1')?.version).toBe(6);
});

it('fails a command the hub never acknowledges with hub-unreachable, within the command timeout', async () => {
  http = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(SCRIPTED_LOGIN));
  });
  io = new Server(http, { transports: ['websocket'] });
  io.of(HUB_NAMESPACE).on('connection', (socket) => {
    socket.emit(HubEvents.snapshot, { cases: [base], serverTime: new Date().toISOString() });
    socket.on(HubEvents.command, () => undefined); // swallowed: no ack, ever
  });
  await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
  link = new HubLink({ hubUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, logger: silent, commandTimeoutMs: 300 });
  await link.login('u', 'p');
  const t0 = Date.now();
  await expect(link.command({ type: 'claim', caseId: 'c1' })).rejects.toMatchObject({ code: 'hub-unreachable' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  expect(Date.now() - t0).toBeLessThan(1500);
});

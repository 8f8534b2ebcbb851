/** Test fixtures: real hubs on port 0 in temp dirs, real socket.io clients. Not used in production. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { ulid } from 'ulid';
import type { Case } from '@shared/domain/case';
import { computeChainHash, computePayloadHash, GENESIS_HASH, type JournalEvent } from '@shared/domain/journal';
import { sha256 } from './journal/journal-store';
import type { Directory } from '@shared/domain/site';
import { HUB_NAMESPACE, type HubAck, type LoginResponse, type Snapshot } from '@shared/hub-protocol/console';
import { startHub, type RunningHub, type StartHubOptions } from './index';

export const silent = pino({ level: 'silent' });

/** A real pino logger whose lines the test can read (what an operator would find in hub.log). */
export function captureLogger(): { logger: Logger; lines: () => { level: number; msg: string; [k: string]: unknown }[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines: () => out.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}
export const WARN = 40;

export const TEST_DIRECTORY: Directory = {
  sites: [
    {
      id: 'school-test',
      name: 'École Jean Jaurès',
      kind: 'school',
      address: '1 rue de la Paix',
      city: '44600 Saint-Nazaire',
      position: { lat: 47.27, lon: -2.21 },
      contacts: [],
    },
    {
      id: 'municipal-test',
      name: 'Hôtel de Ville',
      kind: 'municipal',
      address: '',
      city: '44600 Saint-Nazaire',
      position: { lat: 47.28, lon: -2.21 },
      contacts: [],
    },
  ],
  beacons: [
    { id: 'B-1', siteId: 'school-test', use: 'ppms', label: 'Balise PPMS — accueil' },
    { id: 'B-2', siteId: 'municipal-test', use: 'pti', label: 'DATI — agent d’accueil' },
  ],
};

export interface Fixture {
  dataDir: string;
  hub: RunningHub;
  key: string;
  sockets: Socket[];
  cleanup(): Promise<void>;
}

export async function startFixture(dataDir = mkdtempSync(join(tmpdir(), 'veille-hub-')), extra: Partial<StartHubOptions> = {}): Promise<Fixture> {
  // Every alarm its own case unless a test asks for grouping: most tests count cases.
  const hub = await startHub({ dataDir, port: 0, demo: true, directory: TEST_DIRECTORY, logger: silent, grouping: { groupWindowMs: 0 }, ...extra });
  const { key } = await hub.createGateway('test-gw');
  const f: Fixture = {
    dataDir,
    hub,
    key,
    sockets: [],
    async cleanup() {
      for (const s of f.sockets) s.disconnect();
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return f;
}

export async function login(hubUrl: string, username: string, password = 'veille-demo'): Promise<LoginResponse> {
  const r = await fetch(`${hubUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: HTTP ${r.status}`);
  return (await r.json()) as LoginResponse;
}

export function alarmBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { beaconId: 'B-1', reference: ulid(), kind: 'ppms.intrusion', occurredAt: new Date().toISOString(), ...over };
}

export function postAlarm(hubUrl: string, key: string | null, body: unknown, raw?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(`${hubUrl}/api/v1/alarms`, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
}

/** A console: collects the snapshot and the deltas it receives. */
export interface TestConsole {
  socket: Socket;
  snapshot: Promise<Snapshot>;
  deltas: Case[];
  waitFor(pred: (c: Case) => boolean, ms?: number): Promise<Case>;
  command(cmd: Record<string, unknown>): Promise<HubAck>;
  emitAck(event: string, payload: unknown): Promise<HubAck>;
}

export async function connectConsole(f: Fixture, token: string | undefined): Promise<TestConsole> {
  const socket = ioClient(f.hub.url + HUB_NAMESPACE, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    forceNew: true,
    reconnection: false,
  });
  f.sockets.push(socket);
  const deltas: Case[] = [];
  const waiters: { pred: (c: Case) => boolean; resolve: (c: Case) => void }[] = [];
  socket.on('case', (c: Case) => {
    deltas.push(c);
    for (const w of [...waiters]) {
      if (!w.pred(c)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(c);
    }
  });
  const snapshot = new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const emitAck = (event: string, payload: unknown) =>
    socket.timeout(5000).emitWithAck(event, payload) as Promise<HubAck>;
  return {
    socket,
    snapshot,
    deltas,
    emitAck,
    command: (cmd) => emitAck('command', { commandId: ulid(), ...cmd }),
    waitFor(pred, ms = 5000) {
      const seen = deltas.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no matching case delta')), ms);
        waiters.push({ pred, resolve: (c) => (clearTimeout(t), resolve(c)) });
      });
    },
  };
}

export interface Spec {
  type?: string;
  caseId?: string | null;
  payload?: Record<string, unknown>;
  operatorId?: string;
}

/** A console's chain as it would write it: each spec one event, hashed and linked. */
export function chain(consoleId: string, operatorId: string, specs: Spec[], prev = GENESIS_HASH): JournalEvent[] {
  return specs.map((s, i) => {
    const payload = s.payload ?? { i };
    const base = {
      id: ulid(),
      at: new Date().toISOString(),
      operatorId: s.operatorId ?? operatorId,
      caseId: s.caseId ?? null,
      type: s.type ?? 'case.claimed',
      payloadHash: computePayloadHash(sha256, payload),
      consoleId,
    };
    const hash = computeChainHash(sha256, prev, base);
    const e = { ...base, payload, prevHash: prev, hash };
    prev = hash;
    return e;
  });
}

/** n claims of one case (or none) by one operator, chained. */
export function journalChain(
  operatorId: string,
  caseId: string | null,
  n: number,
  consoleId = 'console-test',
  payloadOf: (i: number) => Record<string, unknown> = (i) => ({ i, note: 'é' }),
): JournalEvent[] {
  return chain(consoleId, operatorId, Array.from({ length: n }, (_, i) => ({ caseId, payload: payloadOf(i) })));
}

/**
 * Alarm intake never waits behind other work at the hub (serial.ts, live-room.ts,
 * rate-limit.ts): a console flooding commands, another reconnecting over and over
 * for a snapshot of many cases, and alarms over the real HTTP ingest still reach a
 * third console within a second each.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '@shared/domain/case';
import { HUB_NAMESPACE, type HubAck, type Snapshot } from '@shared/hub-protocol/console';
import { openDatabase } from '../db/database';
import type { StartHubOptions } from '../index';
import { alarmBody, connectConsole, login, postAlarm, silent, startFixture, type Fixture, type TestConsole } from '../test-helpers';

const OPEN_CASES = 1000;
const ALARMS = 8;
const BOUND_MS = 1000;

let f: Fixture;
afterEach(async () => {
  await f?.cleanup();
});

/** A hub whose snapshot holds OPEN_CASES open cases (written straight into its database before it starts). */
async function busyHub(extra: Partial<StartHubOptions> = {}): Promise<{ caseIds: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'veille-lanes-'));
  const db = await openDatabase(join(dataDir, 'hub.sqlite'), silent);
  const now = new Date().toISOString();
  const caseIds = Array.from({ length: OPEN_CASES }, () => ulid());
  const rows = caseIds.map((id, i) => ({
    id,
    version: 1,
    status: 'open',
    kind: 'ppms.intrusion',
    priority: 1,
    drill: 0,
    beacon_id: 'B-1',
    site_id: 'school-test',
    site_name: 'École Jean Jaurès',
    site_kind: 'school',
    address: '1 rue de la Paix, 44600 Saint-Nazaire',
    position_lat: 47.27,
    position_lon: -2.21,
    occurred_at: now,
    received_at: now,
    owner_id: null,
    owner_name: null,
    claimed_at: null,
    closed_at: null,
    closed_by: null,
    closure_code: null,
    closure_note: null,
    text: `Dossier préexistant ${i}`,
  }));
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('cases').values(rows.slice(i, i + 100)).execute();
  await db.destroy();
  f = await startFixture(dataDir, extra);
  return { caseIds };
}

async function consoleFor(username: string): Promise<TestConsole> {
  const c = await connectConsole(f, (await login(f.hub.url, username)).token);
  await c.snapshot;
  return c;
}

/** Reconnects for a fresh snapshot, again and again, until told to stop; returns how many it got. */
async function snapshotLoop(token: string, stop: () => boolean): Promise<number> {
  let n = 0;
  while (!stop()) {
    const s = ioClient(f.hub.url + HUB_NAMESPACE, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
    const snap = await new Promise<Snapshot>((resolve, reject) => {
      s.once('snapshot', resolve);
      s.once('connect_error', reject);
    });
    expect(snap.cases.length).toBeGreaterThanOrEqual(OPEN_CASES - 50);
    s.disconnect();
    n++;
  }
  return n;
}

/** Posts ALARMS alarms one after another; each must reach `watcher` within BOUND_MS of its post. */
async function alarmsReach(watcher: TestConsole): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < ALARMS; i++) {
    const text = `Alarme pendant la charge ${i} ${ulid()}`;
    const seen = watcher.waitFor((c) => c.text === text, 10_000);
    const t0 = performance.now();
    const res = await postAlarm(f.hub.url, f.key, alarmBody({ text }));
    expect(res.status).toBe(202);
    await seen;
    latencies.push(Math.round(performance.now() - t0));
  }
  return latencies;
}

const emit = (c: TestConsole, cmd: Record<string, unknown>) =>
  c.socket.timeout(60_000).emitWithAck('command', { commandId: ulid(), ...cmd }) as Promise<HubAck>;

describe('alarm intake under load', () => {
  it('reaches a console within a second while one console floods commands and another reloads snapshots', async () => {
    const { caseIds } = await busyHub();
    const [flooder, watcher] = await Promise.all([consoleFor('operateur1'), consoleFor('superviseur')]);
    const { token } = await login(f.hub.url, 'operateur2');
    let done = false;
    const acks: HubAck[] = [];
    const flood = (async () => {
      for (let round = 0; !done; round++) {
        const batch = caseIds.slice(0, 500).map((caseId) => emit(flooder, { type: round % 2 ? 'release' : 'claim', caseId }));
        acks.push(...(await Promise.all(batch)));
      }
    })();
    const snapshots = snapshotLoop(token, () => done);
    try {
      const latencies = await alarmsReach(watcher);
      expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(BOUND_MS);
    } finally {
      done = true;
      await flood;
    }
    expect(await snapshots).toBeGreaterThan(0);
    expect(acks.length).toBeGreaterThanOrEqual(500);
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate-limited');
    // At most the burst and the steady rate got through; the rest was refused at once.
    expect(limited.length).toBeGreaterThan(acks.length / 2);
    expect(limited[0]).toMatchObject({
      ok: false,
      error: { code: 'rate-limited', message: expect.stringMatching(/^Trop de commandes/), retryAfterMs: expect.any(Number) },
    });
  });

  it('keeps alarms ahead of thousands of commands that got past the rate limit', async () => {
    const { caseIds } = await busyHub({ commandRateLimit: { perSecond: 1e6, burst: 1e6 } });
    const [flooder, watcher] = await Promise.all([consoleFor('operateur1'), consoleFor('superviseur')]);
    let done = false;
    let applied = 0;
    const flood = (async () => {
      for (let round = 0; !done; round++) {
        const batch = caseIds.map((caseId) => emit(flooder, { type: round % 2 ? 'release' : 'claim', caseId }));
        applied += (await Promise.all(batch)).filter((a) => a.ok).length;
      }
    })();
    try {
      const latencies = await alarmsReach(watcher);
      expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(BOUND_MS);
    } finally {
      done = true;
      await flood;
    }
    expect(applied).toBeGreaterThanOrEqual(OPEN_CASES);
  });
});

describe('rate-limited commands', () => {
  it('are neither applied nor remembered: the same id goes through once the burst is over', async () => {
    const { caseIds } = await busyHub();
    const op = await consoleFor('operateur1');
    const acks = await Promise.all(caseIds.slice(0, 100).map((caseId) => emit(op, { type: 'claim', caseId })));
    expect(acks.filter((a) => a.ok)).toHaveLength(40);
    const refusedAt = acks.findIndex((a) => !a.ok);
    const caseId = caseIds[refusedAt]!;
    expect(acks[refusedAt]).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    const got = await op.emitAck('case.get', { caseId });
    expect(got).toMatchObject({ ok: true, case: { status: 'open', version: 1 } });
    // Resent with its own id (the console's queue keeps ids): applied once the bucket refills.
    const commandId = ulid();
    await vi.waitFor(
      async () => {
        const again = await op.emitAck('command', { commandId, type: 'claim', caseId });
        expect(again).toMatchObject({ ok: true, case: { status: 'claimed', version: 2 } });
      },
      { timeout: 5000, interval: 100 },
    );
  });
});

describe('snapshot while cases change', () => {
  it('gives each connecting console its snapshot first, then every later version of a case, none older, none missed', async () => {
    const { caseIds } = await busyHub({ commandRateLimit: { perSecond: 1e6, burst: 1e6 } });
    const caseId = caseIds[0]!;
    const op = await consoleFor('operateur1');
    const { token } = await login(f.hub.url, 'operateur2');
    const seen: { events: [string, unknown][] }[] = [];
    const connecting: Promise<void>[] = [];
    let last = 1;
    for (let i = 0; i < 120; i++) {
      const ack = await op.command({ type: i % 2 ? 'release' : 'claim', caseId });
      if (!ack.ok || !ack.case) throw new Error(`command ${i} refused`);
      last = ack.case.version;
      if (i % 8 === 0) {
        const s = ioClient(f.hub.url + HUB_NAMESPACE, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
        f.sockets.push(s);
        const record = { events: [] as [string, unknown][] };
        seen.push(record);
        s.onAny((event: string, payload: unknown) => record.events.push([event, payload]));
        connecting.push(new Promise((resolve) => s.once('connect', () => resolve())));
      }
    }
    await Promise.all(connecting);
    for (const { events } of seen) {
      await vi.waitFor(() => expect(events.filter(([e, p]) => e === 'case' && (p as Case).id === caseId).at(-1)?.[1]).toMatchObject({ version: last }));
      expect(events[0]?.[0]).toBe('snapshot');
      const base = (events[0]![1] as Snapshot).cases.find((c) => c.id === caseId)!.version;
      const versions = events.filter(([e, p]) => e === 'case' && (p as Case).id === caseId).map(([, p]) => (p as Case).version);
      expect(versions).toEqual(Array.from({ length: last - base }, (_, k) => base + k + 1));
    }
  });
});

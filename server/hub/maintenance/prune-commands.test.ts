import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { openDatabase, type HubDb } from '../db/database';
import { alarmBody, captureLogger, connectConsole, login, postAlarm, silent, startFixture, type Fixture } from '../test-helpers';
import { COMMAND_RETENTION_MS, PRUNE_CHUNK, PRUNE_INTERVAL_MS, pruneCommands, startCommandPruning } from './prune-commands';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2030-06-15T12:00:00.000Z');

let dir: string;
let db: HubDb;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-prune-'));
  db = await openDatabase(join(dir, 'hub.sqlite'), silent);
});
afterEach(async () => {
  vi.useRealTimers();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function insertCommands(ageMs: number, n: number, label: string): Promise<void> {
  const created_at = new Date(NOW - ageMs).toISOString();
  const rows = Array.from({ length: n }, (_, i) => ({ command_id: `${label}-${i}-${ulid()}`, operator_id: 'op', type: 'claim', response: '{"ok":true}', created_at }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('commands').values(rows.slice(i, i + 200)).execute();
}

async function remaining(): Promise<string[]> {
  const rows = await db.selectFrom('commands').select('command_id').execute();
  return [...new Set(rows.map((r) => r.command_id.split('-')[0]!))].sort();
}

describe('pruning the command store', () => {
  it('deletes commands older than 7 days, in chunks, and keeps the recent ones', async () => {
    await insertCommands(30 * DAY, PRUNE_CHUNK * 2 + 7, 'month');
    await insertCommands(7 * DAY + 1000, 3, 'week');
    await insertCommands(7 * DAY - 60_000, 4, 'edge');
    await insertCommands(DAY, 5, 'yesterday');
    const deleted = await pruneCommands(db, new Date(NOW - COMMAND_RETENTION_MS).toISOString());
    expect(deleted).toBe(PRUNE_CHUNK * 2 + 7 + 3);
    expect(await remaining()).toEqual(['edge', 'yesterday']);
  });

  it('runs at start and then every hour on its own clock, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = NOW;
    const { logger, lines } = captureLogger();
    await insertCommands(8 * DAY, 2, 'old');
    await insertCommands(6 * DAY + 30 * 60_000, 3, 'sixdays');
    const job = startCommandPruning(db, logger, { now: () => now });
    expect(await job.runNow()).toBe(2); // joins the run made at start, which takes the 2 old ones
    expect(await remaining()).toEqual(['sixdays']);
    expect(lines().map((l) => [l.msg, l.deleted])).toEqual([['old command answers pruned', 2]]);

    now += 24 * 60 * 60 * 1000; // a day later the six-day-old rows are past 7 days
    vi.advanceTimersByTime(PRUNE_INTERVAL_MS);
    await vi.waitFor(async () => expect(await remaining()).toEqual([]));

    await job.stop();
    await insertCommands(30 * DAY, 1, 'after');
    vi.advanceTimersByTime(PRUNE_INTERVAL_MS * 3);
    expect(await job.runNow()).toBe(0);
    expect(await remaining()).toEqual(['after']);
  });
});

describe('a command id is remembered 7 days', () => {
  let f: Fixture;
  afterEach(async () => {
    await f.cleanup();
  });

  it('is answered from memory before, and run afresh after the hub pruned it', async () => {
    f = await startFixture();
    const caseId = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody())).json()).caseId;
    const { token } = await login(f.hub.url, 'operateur1');
    const op = await connectConsole(f, token);
    await op.snapshot;
    const release = { commandId: ulid(), type: 'release', caseId };
    expect(await op.command({ type: 'claim', caseId })).toMatchObject({ ok: true, case: { version: 2 } });
    expect(await op.emitAck('command', release)).toMatchObject({ ok: true, case: { status: 'open', version: 3 } });
    expect(await op.command({ type: 'claim', caseId })).toMatchObject({ ok: true, case: { status: 'claimed', version: 4 } });

    // Six days on: the resend gets the stored answer and the case is left alone.
    const restart = async (days: number) => {
      for (const s of f.sockets) s.disconnect();
      await f.hub.close();
      const { logger, lines } = captureLogger();
      const skew = days * DAY;
      f = await startFixture(f.dataDir, { logger, commandPruning: { now: () => Date.now() + skew } });
      const c = await connectConsole(f, token);
      await c.snapshot;
      return { c, lines };
    };
    const six = await restart(6);
    expect(await six.c.emitAck('command', release)).toMatchObject({ ok: true, case: { status: 'open', version: 3 } });
    expect(await six.c.emitAck('case.get', { caseId })).toMatchObject({ ok: true, case: { status: 'claimed', version: 4 } });
    expect(six.lines().some((l) => l.msg === 'old command answers pruned')).toBe(false);

    // Eight days on: the start-up run forgets it; the same id is a new command.
    const eight = await restart(8);
    await vi.waitFor(() => expect(eight.lines().find((l) => l.msg === 'old command answers pruned')).toMatchObject({ deleted: 3 }));
    expect(await eight.c.emitAck('command', release)).toMatchObject({ ok: true, case: { status: 'open', version: 5 } });
  });
});

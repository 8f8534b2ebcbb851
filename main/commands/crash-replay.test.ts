/**
 * Crash recovery of the command queue: the browser-mode console as a real
 * process (through tsx) against a REAL hub, killed with SIGKILL while commands
 * wait for the hub; restarted, it holds the same commands, and they go out in
 * order at the operator's next login, each applied and journaled once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { CommandResult, ConsoleCommand } from '@shared/contract/commands';
import type { Case } from '@shared/domain/case';
import { openJournal } from '../journal/journal';
import { startTestHub, tempDir, type TestHub } from '../testing/fixtures';

const ROOT = resolve(__dirname, '..', '..');
const ENTRY = join(ROOT, 'main', 'browser.ts');
const TOKEN = 'crash-replay-token-0123456789';
const env = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json'), VEILLE_LOG_LEVEL: 'warn' };
const children: ChildProcessWithoutNullStreams[] = [];
let tmp: ReturnType<typeof tempDir> | undefined;
let hub: TestHub | null = null;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await hub?.close();
  hub = null;
  tmp?.remove();
});

function startConsoleProcess(dataDir: string, hubUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--hub-url', hubUrl], {
    cwd: ROOT,
    env,
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const ready = new Promise<string>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Veille console ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
      if (m) res(m[1]!);
    });
    child.on('exit', (code) => rej(new Error(`exited ${code} before ready: ${err}`)));
  });
  return { child, ready, exited };
}

type Res = { ok: boolean; result?: unknown; error?: { code: string } };

/** A page session over the browser-mode WebSocket, as the renderer opens it. */
async function pageSession(url: string) {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token')}`, { origin: u.origin });
  let id = 0;
  const waiting = new Map<number, (m: Res) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as Res & { kind: string; id: number };
    if (m.kind === 'res') waiting.get(m.id)?.(m);
  });
  await new Promise((r) => ws.on('open', r));
  const call = (method: string, args: unknown = {}) =>
    new Promise<Res>((r) => {
      const n = ++id;
      waiting.set(n, r);
      ws.send(JSON.stringify({ kind: 'req', id: n, method, args }));
    });
  return {
    call,
    async ok<T>(method: string, args: unknown = {}): Promise<T> {
      const res = await call(method, args);
      if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
      return res.result as T;
    },
    close: () => ws.close(),
  };
}

it('SIGKILL with queued commands: the restarted console replays them at the next login, once each', async () => {
  tmp = tempDir();
  const consoleDir = join(tmp.dir, 'console');
  hub = await startTestHub(join(tmp.dir, 'hub'));
  const { dataDir, port } = hub;
  await hub.raiseAlarm();
  await hub.raiseAlarm();

  const first = startConsoleProcess(consoleDir, hub.url);
  const page = await pageSession(await first.ready);
  await page.ok('session.login', { username: 'operateur1', password: 'veille-demo' });
  const cases = await vi.waitFor(
    async () => {
      const list = await page.ok<Case[]>('cases.list');
      if (list.length < 2) throw new Error('waiting for both cases');
      return list;
    },
    { timeout: 10_000, interval: 50 },
  );
  const [k1, k2] = cases as [Case, Case];
  for (const k of [k1, k2]) expect(await page.ok<CommandResult>('cases.claim', { caseId: k.id })).toMatchObject({ state: 'applied' });

  await hub.close();
  hub = null;
  await vi.waitFor(
    async () => {
      if ((await page.ok<{ hub: { connected: boolean } }>('session.get')).hub.connected) throw new Error('link still up');
    },
    { timeout: 10_000, interval: 50 },
  );
  const close = await page.ok<CommandResult>('cases.close', { caseId: k1.id, closureCode: 'false-alarm-technical', note: 'Balise défectueuse' });
  const release = await page.ok<CommandResult>('cases.release', { caseId: k2.id });
  expect([close.state, release.state]).toEqual(['queued', 'queued']);
  const ids = [close, release].map((r) => (r as { commandId: string }).commandId);

  first.child.kill('SIGKILL');
  await first.exited;

  hub = await startTestHub(dataDir, port);
  const second = startConsoleProcess(consoleDir, hub.url);
  const again = await pageSession(await second.ready);
  // Before the operator's login nothing goes: the hub accepts a command only under its author's session.
  expect((await again.call('commands.list')).error?.code).toBe('not-logged-in');
  await again.ok('session.login', { username: 'operateur1', password: 'veille-demo' });
  const settled = await vi.waitFor(
    async () => {
      const list = (await again.ok<ConsoleCommand[]>('commands.list')).filter((x) => ids.includes(x.commandId));
      if (list.some((x) => x.state === 'pending')) throw new Error('still pending');
      return list;
    },
    { timeout: 15_000, interval: 50 },
  );
  expect(settled.map((x) => [x.commandId, x.state]).sort()).toEqual(ids.map((id) => [id, 'applied']).sort());
  // The open cases come back from the hub: k2 released, k1 closed and gone.
  const queue = await again.ok<Case[]>('cases.list');
  expect(queue.find((x) => x.id === k1.id)).toBeUndefined();
  expect(queue.find((x) => x.id === k2.id)).toMatchObject({ status: 'open', owner: null });
  again.close();

  const stopped = new Promise((r) => second.child.on('exit', r));
  second.child.kill('SIGTERM');
  await stopped;
  const journal = openJournal(join(consoleDir, 'journal.sqlite'));
  try {
    const byCommand = (id: string) =>
      journal
        .list({ limit: 1000 })
        .filter((e) => e.payload?.commandId === id)
        .map((e) => e.type)
        .reverse();
    expect(byCommand(ids[0]!)).toEqual(['case.close-requested', 'case.closed']);
    expect(byCommand(ids[1]!)).toEqual(['case.release-requested', 'case.released']);
    // In the order the operator made them.
    const outcomes = journal.list({ limit: 1000 }).filter((e) => e.type === 'case.closed' || e.type === 'case.released');
    expect(outcomes.map((e) => e.payload?.commandId).reverse()).toEqual(ids);
    expect(journal.verifyChain()).toBeNull();
  } finally {
    journal.close();
  }
  const hubDb = new Database(join(dataDir, 'hub.sqlite'), { readonly: true });
  try {
    for (const id of ids) expect(hubDb.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM commands WHERE command_id = ?').get(id)!.n).toBe(1);
    // Claimed at version 2, each changed exactly once more.
    expect(hubDb.prepare<[string], { version: number; status: string }>('SELECT version, status FROM cases WHERE id = ?').get(k1.id)).toEqual({ version: 3, status: 'closed' });
    expect(hubDb.prepare<[string], { version: number; status: string }>('SELECT version, status FROM cases WHERE id = ?').get(k2.id)).toEqual({ version: 3, status: 'open' });
  } finally {
    hubDb.close();
  }
}, 60_000);

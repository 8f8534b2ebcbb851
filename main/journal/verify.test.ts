/**
 * journal:verify on real files: a console that delivered its journal to a REAL hub, then
 * one event altered or deleted with the real `sqlite3` command, in the console's file or
 * in the hub's copy. The break is found and named by its event id.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startConsole, startTestHub, tempDir, waitFor } from '../testing/fixtures';
import { openJournal } from './journal';
import { runJournalVerify } from './verify-cli';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('veille-verify-');
});
afterEach(() => tmp.remove());

interface Pair {
  file: string;
  hubDir: string;
  /** Event ids in chain order. */
  ids: string[];
}

/** A console whose operator logged in and worked; everything delivered, then both stopped. */
async function deliveredPair(extraWhileHubDown = 0): Promise<Pair> {
  const hubDir = join(tmp.dir, 'hub');
  const hub = await startTestHub(hubDir);
  const c = startConsole(join(tmp.dir, 'console'), hub.url);
  const res = await call(c.host, 'session.login', { username: 'operateur1', password: 'veille-demo' });
  if (!res.ok) throw new Error('login failed');
  const op = c.services.link.operator!.id;
  for (let i = 0; i < 5; i++) c.services.journal.append({ operatorId: op, caseId: null, type: 'case.claimed', payload: { i, note: 'é' } });
  await waitFor('delivered', () => c.services.journal.outbox.count() === 0);
  await hub.close();
  for (let i = 0; i < extraWhileHubDown; i++) c.services.journal.append({ operatorId: op, caseId: null, type: 'case.released', payload: { i } });
  await c.close();
  const file = join(tmp.dir, 'console', 'journal.sqlite');
  const db = new Database(file, { readonly: true });
  const ids = db.prepare<[], { id: string }>('SELECT id FROM events ORDER BY seq').all().map((r) => r.id);
  db.close();
  return { file, hubDir, ids };
}

function verify(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (c: Buffer | string, _e, done) => (append(c.toString()), done()) });
  const code = runJournalVerify(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

const sqlite3 = (file: string, statement: string) => execFileSync('sqlite3', [file, statement]);
const firstBreak = (out: string) => /^BROKEN: first break at event (\S+)/m.exec(out)?.[1];

describe('journal:verify', () => {
  it('a good pair verifies through `npm run journal:verify`; events still in the outbox are pending, not a failure', async () => {
    const p = await deliveredPair(2);
    const root = resolve(import.meta.dirname, '../..');
    const run = spawnSync('npm', ['run', '-s', 'journal:verify', '--', p.file, '--hub', p.hubDir], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${p.ids.length} event(s), chain intact`);
    expect(run.stdout).toMatch(/2 still in the console's outbox \(pending/);
    expect(run.stdout).toMatch(/^OK: the journal verifies and the hub holds the same events \(2 pending\)\.$/m);
  }, 30_000);

  it('one event altered in the console file (sqlite3): fails, naming it', async () => {
    const p = await deliveredPair();
    const victim = p.ids[3]!;
    sqlite3(p.file, `UPDATE events SET payload = '{"i":2,"note":"réécrit"}' WHERE id = '${victim}'`);
    const r = verify(p.file);
    expect(r.code).toBe(1);
    expect(firstBreak(r.out)).toBe(victim);
    expect(r.out).toContain(`event ${victim} (seq 4) was altered: its payload does not match its payloadHash`);
    // With the hub: same hashes on both sides (only the console's content changed): the same break.
    const paired = verify(p.file, '--hub', p.hubDir);
    expect(paired.code).toBe(1);
    expect(firstBreak(paired.out)).toBe(victim);
  }, 30_000);

  it('one event deleted from the console file: fails at the next one, saying events are missing before it; the hub copy names the deleted one', async () => {
    const p = await deliveredPair();
    const [, , deleted, next] = p.ids;
    sqlite3(p.file, `DELETE FROM events WHERE id = '${deleted}'`);
    const alone = verify(p.file);
    expect(alone.code).toBe(1);
    expect(firstBreak(alone.out)).toBe(next);
    expect(alone.out).toContain(`events are missing before event ${next} (seq 4)`);
    const paired = verify(p.file, '--hub', p.hubDir);
    expect(paired.code).toBe(1);
    expect(paired.out).toContain(`event ${deleted} is at the hub but missing from this console's journal`);
  }, 30_000);

  it('the newest event deleted from the console file is caught too', async () => {
    const p = await deliveredPair();
    const last = p.ids.at(-1)!;
    sqlite3(p.file, `DELETE FROM events WHERE id = '${last}'`);
    const r = verify(p.file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`the newest event(s) were deleted: seq ${p.ids.length} absent after event ${p.ids.at(-2)}`);
  }, 30_000);

  it("one event altered, or deleted, in the hub's copy (sqlite3): fails, naming it", async () => {
    const p = await deliveredPair();
    const hubFile = join(p.hubDir, 'hub.sqlite');
    const altered = p.ids[2]!;
    sqlite3(hubFile, `UPDATE journal SET payload = '{"i":7,"note":"é"}' WHERE id = '${altered}'`);
    const r1 = verify(p.file, '--hub', p.hubDir);
    expect(r1.code).toBe(1);
    expect(firstBreak(r1.out)).toBe(altered);
    expect(r1.out).toContain(`event ${altered} was altered at the hub: its payload does not match its payloadHash`);
    expect(verify(p.file).code).toBe(0); // the console's own journal is intact

    const deleted = p.ids[4]!;
    sqlite3(hubFile, `DELETE FROM journal WHERE id = '${deleted}'`);
    const r2 = verify(p.file, '--hub', p.hubDir);
    expect(r2.out).toContain(`event ${deleted} (seq 5) is missing at the hub, which had acknowledged it`);
  }, 30_000);

  it('says so when a running console holds its journal, and on usage errors (exit 2)', () => {
    const file = join(tmp.dir, 'running', 'journal.sqlite');
    const j = openJournal(file);
    j.append({ operatorId: 'op', caseId: null, type: 'session.login', payload: {} });
    try {
      const r = verify(file);
      expect(r).toMatchObject({ code: 2, out: '' });
      expect(r.err).toMatch(/locked by a running process.*stop the console/);
    } finally {
      j.close();
    }
    expect(verify(file).code).toBe(0);
    expect(verify().code).toBe(2);
    expect(verify(join(tmp.dir, 'nothing.sqlite')).err).toMatch(/No console journal at/);
    expect(verify(file, '--hub', join(tmp.dir, 'no-hub')).code).toBe(2);
  });
});

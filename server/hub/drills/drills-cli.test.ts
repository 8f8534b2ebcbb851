// `npm run hub -- drill …` run in-process (runAdmin, what the CLI calls) against the data folder
// of a real hub that keeps running: what the city's staff types, reads and gets refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../admin/run';
import { startHub, type RunningHub } from '../index';
import { silent, TEST_DIRECTORY } from '../test-helpers';
import { supervisionFixture } from '../supervision/test-context';
import { drillAt } from './drills';

let dataDir: string;
let hub: RunningHub;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'veille-drill-cli-'));
  hub = await startHub({ dataDir, port: 0, directory: TEST_DIRECTORY, logger: silent });
});
afterEach(async () => {
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function drill(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _enc, done) => (append(chunk.toString()), done()) });
  const code = await runAdmin(['drill', ...args, '--data-dir', dataDir], { stdin: Readable.from([]), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {} });
  return { code, out, err };
}

/** Whether the running hub's database has a drill for the site at that time (what intake asks). */
async function isDrill(siteId: string, at: string): Promise<boolean> {
  const f = await supervisionFixture(dataDir);
  try {
    return await drillAt(f.hub.db, siteId, at);
  } finally {
    await f.cleanup();
  }
}

const soon = (h: number): string => new Date(Date.now() + h * 3_600_000).toISOString();

describe('drill commands', () => {
  it('registers a drill the running hub sees at once, lists it, removes it', async () => {
    const add = await drill('add', '--site', 'school-test', '--from', '2030-03-12T09:00+01:00', '--to', '2030-03-12T09:45+01:00', '--note', 'Exercice PPMS intrusion, demande IA');
    expect(add.code).toBe(0);
    const id = /^Drill (\w+) registered: site school-test, from 2030-03-12T08:00:00.000Z to 2030-03-12T08:45:00.000Z \(UTC\)/.exec(add.out)?.[1];
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    expect(add.err).toContain('not checked against the directory');
    expect(await isDrill('school-test', '2030-03-12T08:30:00Z')).toBe(true);

    const list = await drill('list');
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^ID\s+SITE\s+FROM \(UTC\)\s+TO \(UTC\)\s+BY\s+NOTE$/);
    expect(list.out).toContain(`${id}  school-test  2030-03-12T08:00:00.000Z  2030-03-12T08:45:00.000Z  cli:`);
    expect(list.out).toContain('Exercice PPMS intrusion, demande IA');

    const rm = await drill('remove', id ?? '');
    expect(rm).toMatchObject({ code: 0, out: `Drill ${id} removed: the site's alarms in that window are real alarms again.\n` });
    expect(await isDrill('school-test', '2030-03-12T08:30:00Z')).toBe(false);
    expect(await drill('list')).toMatchObject({ code: 0, out: '', err: 'No drill to come or under way (--all shows past ones).\n' });
  });

  it('lists drills not yet over by default, past ones with --all, one site with --site', async () => {
    await drill('add', '--site', 'school-test', '--from', '2020-01-01T08:00Z', '--to', '2020-01-01T09:00Z');
    await drill('add', '--site', 'municipal-test', '--from', soon(1), '--to', soon(2));
    const current = await drill('list');
    expect(current.out).toContain('municipal-test');
    expect(current.out).not.toContain('school-test');
    expect((await drill('list', '--all')).out).toContain('school-test');
    const one = await drill('list', '--all', '--site', 'school-test');
    expect(one.out).toContain('school-test');
    expect(one.out).not.toContain('municipal-test');
  });

  it('usage errors exit 2 with a clear message and the usage', async () => {
    const cases: [string[], string][] = [
      [['add', '--from', soon(1), '--to', soon(2)], 'needs --site'],
      [['add', '--site', 'school-test', '--from', '2030-03-12T09:00', '--to', soon(2)], 'with its offset'],
      [['add', '--site', 'school-test', '--from', soon(2), '--to', soon(1)], '--to must be after --from'],
      [['add', '--site', 'school-test', '--from', soon(1)], 'needs --to'],
      [['add', 'extra', '--site', 'school-test', '--from', soon(1), '--to', soon(2)], 'no positional argument'],
      [['list', '--note', 'x'], '--note is not an option of "drill list"'],
      [['list', '--case', 'x'], '--case is not an option of "drill" commands'],
      [['remove'], 'exactly one drill id'],
      [['launch'], 'Unknown command "drill launch"'],
      [[], '"drill" needs a command'],
    ];
    for (const [args, message] of cases) {
      const r = await drill(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toContain(message);
      expect(r.err).toContain('npm run hub -- drill add --site <siteId>');
    }
  });

  it('drill options on other commands are refused', async () => {
    let err = '';
    const sink = new Writable({ write: (c: Buffer, _e, done) => ((err += c.toString()), done()) });
    const code = await runAdmin(['user', 'list', '--site', 'x', '--data-dir', dataDir], { stdin: Readable.from([]), stdout: sink, stderr: sink, env: {} });
    expect(code).toBe(2);
    expect(err).toContain('--site is only for "drill" commands.');
  });

  it('refusals exit 1: a window over 24 h, a bad site id, an unknown id', async () => {
    expect(await drill('add', '--site', 'school-test', '--from', soon(1), '--to', soon(30))).toMatchObject({ code: 1, err: 'A drill lasts at most 24 hours.\n' });
    expect((await drill('add', '--site', 'école 1', '--from', soon(1), '--to', soon(2))).code).toBe(1);
    expect(await drill('remove', 'NOPE')).toMatchObject({ code: 1, err: 'No drill "NOPE" (see "drill list --all").\n' });
  });
});

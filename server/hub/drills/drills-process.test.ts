// The real command line (`node --import tsx server/hub/cli.ts drill …`, what `npm run hub --
// drill …` runs) as child processes: routed to the admin commands, exit statuses, output.
import { expect, it } from 'vitest';
import { useHubCli } from '../cli-test-helpers';

const { spawnCli, tempDir } = useHubCli('veille-drill-cli-');

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnCli(args);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end();
  return new Promise((res) => child.on('close', (code) => res({ code, out, err })));
}

// Each command is a Node process compiling TypeScript (about 3 s here): a few only, a long timeout.
it('drill add, list and remove, through the real command line', { timeout: 90_000 }, async () => {
  const dir = tempDir();
  const add = await cli(['drill', 'add', '--site', 'school-test', '--from', '2030-03-12T09:00+01:00', '--to', '2030-03-12T09:45+01:00', '--note', 'Exercice PPMS', '--data-dir', dir]);
  expect(add.code).toBe(0);
  const id = /^Drill (\w+) registered/.exec(add.out)?.[1] ?? '';
  expect(id).toMatch(/^[0-9A-Z]{26}$/);
  const list = await cli(['drill', 'list', '--data-dir', dir]);
  expect(list).toMatchObject({ code: 0 });
  expect(list.out).toContain(`${id}  school-test  2030-03-12T08:00:00.000Z  2030-03-12T08:45:00.000Z`);
  expect(await cli(['drill', 'remove', id, '--data-dir', dir])).toMatchObject({ code: 0 });
  expect(await cli(['drill', 'remove', id, '--data-dir', dir])).toMatchObject({ code: 1, err: `No drill "${id}" (see "drill list --all").\n` });
});

/** The hub's command line as an operator runs it (a child process), for what it tells them at start. */
import { expect, it } from 'vitest';
import { useHubCli } from './cli-test-helpers';

const { spawnCli, tempDir } = useHubCli('veille-cli-');

function startCli(extraEnv: Record<string, string>) {
  const dir = tempDir();
  const child = spawnCli(['--port', '0', '--data-dir', dir], extraEnv);
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const until = (pred: () => boolean) =>
    new Promise<void>((res, rej) => {
      const t = setInterval(() => {
        if (pred()) {
          clearInterval(t);
          res();
        } else if (child.exitCode !== null) {
          clearInterval(t);
          rej(new Error(`hub exited ${child.exitCode}: ${io.err}`));
        }
      }, 50);
    });
  return { io, exited, until, dir };
}

it('exits with status 2 and says why when VEILLE_ADMIN_PASSWORD is too short', { timeout: 60_000 }, async () => {
  const hub = startCli({ VEILLE_ADMIN_PASSWORD: 'court' });
  expect(await hub.exited).toBe(2);
  expect(hub.io.err).toContain('VEILLE_ADMIN_PASSWORD refused: it must have at least 10 characters');
  expect(hub.io.out).not.toMatch(/listening/);
});

it('tells on stderr how to create the first account when there is none', { timeout: 60_000 }, async () => {
  const hub = startCli({});
  await hub.until(() => /listening on http/.test(hub.io.out) && /user add <username>/.test(hub.io.err));
  expect(hub.io.err).toContain(`npm run hub -- user add <username> --name "<display name>" --role admin --data-dir ${hub.dir}`);
});

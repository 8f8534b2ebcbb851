/** The hub's command line as an operator runs it (a child process), for what it tells them at start. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'server', 'hub', 'cli.ts');
const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json'), VEILLE_LOG_LEVEL: 'warn' };
delete env.VEILLE_HUB_DATA;
delete env.VEILLE_ADMIN_PASSWORD;
const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function startCli(extraEnv: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'veille-cli-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dir], { cwd: ROOT, env: { ...env, ...extraEnv } });
  children.push(child);
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

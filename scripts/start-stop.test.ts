/**
 * Stopping `npm start` stops the console. A real npm runs a package script (as it
 * runs `start`) that supervises the browser-mode entry; npm is then stopped the
 * ways an operator or a service manager does, and the console must be gone with
 * its port free.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { tempDir } from '../main/testing/fixtures';

const ROOT = resolve(__dirname, '..');
const FIXTURE = join(ROOT, 'scripts', 'lib', 'supervise.fixture.mjs');
const TOKEN = 'stop-test-token-0123456789';
const started: { npm: ChildProcessWithoutNullStreams; pids: number[] }[] = [];
let tmp: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  for (const s of started.splice(0)) {
    for (const pid of [s.npm.pid!, ...s.pids]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  tmp?.remove();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** `npm start` in a package whose start script is the supervised console. */
async function npmStart() {
  tmp = tempDir('veille-start-');
  const pkg = join(tmp.dir, 'pkg');
  const data = join(tmp.dir, 'data');
  await import('node:fs').then((fs) => fs.mkdirSync(pkg));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'start-like', private: true, scripts: { start: `node ${JSON.stringify(FIXTURE)}` } }));
  const npm = spawn('npm', ['start', '--silent', '--', '--port', '0', '--no-sim', '--data-dir', data, '--token', TOKEN], {
    cwd: pkg,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json'), VEILLE_LOG_LEVEL: 'warn' },
  });
  const entry = { npm, pids: [] as number[] };
  started.push(entry);
  let out = '';
  let err = '';
  npm.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const { port, supervisor, consolePid } = await new Promise<{ port: number; supervisor: number; consolePid: number }>((res, rej) => {
    npm.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const pids = /^supervisor (\d+) console (\d+)$/m.exec(out);
      const ready = /^Veille console ready at http:\/\/127\.0\.0\.1:(\d+)\//m.exec(out);
      if (pids) entry.pids = [Number(pids[1]), Number(pids[2])];
      if (pids && ready) res({ port: Number(ready[1]), supervisor: Number(pids[1]), consolePid: Number(pids[2]) });
    });
    npm.on('exit', (code) => rej(new Error(`npm exited ${code} before ready: ${err}`)));
  });
  const exited = new Promise<void>((res) => (npm.exitCode !== null || npm.signalCode !== null ? res() : npm.once('exit', () => res())));
  return { npm, port, supervisor, consolePid, exited, stderr: () => err };
}

it('SIGTERM to npm stops the console: its process ends and its port is free', async () => {
  const { npm, port, supervisor, consolePid, exited } = await npmStart();
  expect(await portFree(port)).toBe(false);
  npm.kill('SIGTERM');
  await exited;
  await vi.waitFor(() => expect([alive(consolePid), alive(supervisor)]).toEqual([false, false]), { timeout: 15_000, interval: 100 });
  expect(await portFree(port)).toBe(true);
}, 40_000);

it('npm killed with SIGKILL: the console notices it is alone and stops, its port freed', async () => {
  const { npm, port, supervisor, consolePid, stderr } = await npmStart();
  npm.kill('SIGKILL');
  await vi.waitFor(() => expect([alive(consolePid), alive(supervisor)]).toEqual([false, false]), { timeout: 15_000, interval: 100 });
  expect(await portFree(port)).toBe(true);
  expect(stderr()).not.toMatch(/uncaught|unhandled/i);
}, 40_000);

/**
 * Test fixtures for the hub's command line run as a real child process
 * (`node --import tsx server/hub/cli.ts …`). Not used in production.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const NODE_CLI = ['--import', 'tsx', join(ROOT, 'server', 'hub', 'cli.ts')];
const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json'), VEILLE_LOG_LEVEL: 'warn' };
// The tests choose the data folder and the admin password themselves.
delete env.VEILLE_HUB_DATA;
delete env.VEILLE_ADMIN_PASSWORD;
// Hubs run side by side in tests: each takes a free SCAIP port, not 5060.
env.VEILLE_HUB_SIP_PORT = '0';

/** Registers clean-up (children killed, temp folders removed unless KEEP is set) for the calling test file. */
export function useHubCli(prefix: string) {
  const children: ChildProcessWithoutNullStreams[] = [];
  const dirs: string[] = [];
  const track = (child: ChildProcessWithoutNullStreams) => {
    children.push(child);
    return child;
  };
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) if (!process.env.KEEP) rmSync(d, { recursive: true, force: true });
  });
  return {
    tempDir(): string {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    spawnCli(args: string[], extraEnv: Record<string, string> = {}): ChildProcessWithoutNullStreams {
      return track(spawn(process.execPath, [...NODE_CLI, ...args], { cwd: ROOT, env: { ...env, ...extraEnv } }));
    },
    /** The same command line started through a wrapper (e.g. python3 giving it a terminal). */
    spawnCliVia(wrapper: string, wrapperArgs: string[], args: string[]): ChildProcessWithoutNullStreams {
      return track(spawn(wrapper, [...wrapperArgs, process.execPath, ...NODE_CLI, ...args], { cwd: ROOT, env }));
    },
  };
}

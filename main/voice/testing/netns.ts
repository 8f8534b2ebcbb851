/**
 * Runs a test body (a TypeScript script, through tsx) inside a private network namespace
 * with loopback up and the default route over it: what baresip needs to put a reachable
 * address in its SDP (PROTOCOLS.md §4.3). Everything that talks to the peer must run in
 * that namespace too, so the whole body moves there and reports back one JSON line.
 * Needs root (or unprivileged user namespaces: then `unshare -r -n`), `unshare` and iproute2
 * (`ip`): CI has them.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const RESULT_PREFIX = 'NETNS-RESULT ';

export interface NetnsRun<T> {
  code: number | null;
  /** The JSON the script printed with printNetnsResult, or null if it printed none. */
  result: T | null;
  stdout: string;
  stderr: string;
}

/** In the script: report the result (one line on stdout). */
export function printNetnsResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Spawns `unshare -n` → lo up, default route via lo → `node --import tsx <script> …args`; resolves when it exits. */
export function runInNetns<T>(script: string, args: string[] = [], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<NetnsRun<T>> {
  const quoted = [script, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const inner = `ip link set lo up && ip route add default dev lo && exec '${process.execPath}' --import tsx ${quoted}`;
  // Not root: a user namespace mapping us to root gives the rights over the new network namespace (where the kernel allows it).
  const flags = process.getuid?.() === 0 ? ['-n'] : ['-r', '-n'];
  const child = spawn('unshare', [...flags, 'sh', '-c', inner], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(ROOT, 'tsconfig.node.json'), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  return new Promise((done) => {
    const finish = (code: number | null) => {
      clearTimeout(guard);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      done({ code, result: line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as T) : null, stdout, stderr });
    };
    child.once('error', (err) => {
      stderr += `\ncannot start unshare: ${err.message}`;
      finish(null);
    });
    child.once('exit', (code) => finish(code));
  });
}

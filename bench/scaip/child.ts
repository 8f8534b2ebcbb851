/** A bench server in its own process (tsx), announcing itself with one JSON line on stdout. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child<T> {
  info: T;
  stop(): Promise<void>;
}

export function startChild<T>(script: string, args: string[]): Promise<Child<T>> {
  // BENCH_CPU_PROFILE=<dir>: each bench server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const proc: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`${script} exited with ${code} before announcing itself`));
    proc.once('exit', onExit);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      proc.off('exit', onExit);
      resolve({
        info: JSON.parse(line) as T,
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            proc.once('exit', () => done());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}

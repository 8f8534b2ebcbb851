// Runs the console (or the hub) as a child that lives exactly as long as whoever launched it.
//
// `npm start` runs `sh -c "node scripts/start.mjs"`; on SIGTERM npm passes the signal to
// that shell, and dash dies without passing it on, so this process (and the console it
// started) would keep running, serving its port, with nobody left to stop it. Hence:
// signals are passed to the child, and when the launcher is gone (our parent replaced,
// or npm above a shell gone, even by kill -9) the child is stopped as if by SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const WATCH_MS = 250;

/** The parent of `pid` (Linux /proc, else ps), or null when unknown. */
export function parentOf(pid) {
  try {
    // The name in field 2 may hold spaces and parentheses: fields are read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const n = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    const res = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
    const n = Number(res.stdout?.trim());
    return res.status === 0 && Number.isInteger(n) && n > 0 ? n : null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The processes whose end means "stop": our parent, and npm when our parent is the shell it ran. */
function launchers() {
  const parent = process.ppid;
  const pids = [];
  if (process.env.npm_lifecycle_event) {
    const npm = parentOf(parent);
    if (npm && npm > 1) pids.push(npm);
  }
  return { parent, pids };
}

/**
 * Spawns `command args` with the terminal, forwards SIGINT/SIGTERM/SIGHUP, stops it
 * when the launcher goes away, and exits with the child's status.
 */
export function runSupervised(command, args, { label = 'the console', ...options } = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const { parent, pids } = launchers();
  let stopping = false;
  const stop = (signal) => {
    // A second Ctrl+C is passed on too: the console then knows the operator insists.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    stopping = true;
  };
  for (const sig of FORWARDED) process.on(sig, () => stop(sig));
  const watch = setInterval(() => {
    if (stopping) return;
    if (process.ppid !== parent || pids.some((pid) => !alive(pid))) {
      console.error(`veille: the process that started ${label} is gone (npm stopped); stopping ${label}.`);
      stop('SIGTERM');
    }
  }, WATCH_MS);
  child.on('error', (err) => {
    console.error(`veille: could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    clearInterval(watch);
    process.exit(code ?? (signal ? 1 : 0));
  });
  return child;
}

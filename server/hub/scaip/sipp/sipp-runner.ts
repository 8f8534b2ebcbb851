/**
 * Runs SIPp (Debian's sip-tester) as a SCAIP beacon against a hub, for tests. Scenario
 * files in this folder hold {{PLACEHOLDERS}} filled here (the <mrq> body may be any bytes,
 * e.g. Latin-1, so it is written as a Buffer); the beacon id and password go through
 * SIPp's own -s / -au / -ap. Each beacon gets its own 127.0.0.x address (the `sip`
 * package refuses a target equal to its own address: PROTOCOLS.md §3.3, pitfall 3).
 * Every process started here is killed by `stopAllSipp()` (call it in afterEach).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeSipPort } from '../../../sip/free-port';

const HERE = import.meta.dirname;

export interface SippOptions {
  /** A scenario file of this folder, e.g. 'luc-alarm-hold.xml'. */
  scenario: string;
  /** {{NAME}} → value; BODY may be a Buffer (bytes sent as they are). */
  vars: Record<string, string | number | Buffer>;
  target: { host: string; port: number };
  beaconId: string;
  password: string;
  /** Default 127.0.0.2. */
  localHost?: string;
  /** Default udp (SIPp -t u1); tcp = one TCP connection (-t t1). */
  transport?: 'udp' | 'tcp';
  /** SIPp gives up (and fails) after this; default 30 s. */
  timeoutS?: number;
  /** Out-of-call scenario, a path relative to this folder, filled with `vars`; default ooc-mrs.xml (the centre's mrs); null: none (SIPp refuses one in a scenario that starts by receiving). */
  ooc?: string | null;
}

export interface SippResult {
  code: number | null;
  /** SIPp's <log> lines, and its error file (which also notes each out-of-call mrs): what to read when a run fails. */
  log: string;
  errors: string;
}

export interface SippRun {
  /** The beacon's address (its mrs arrive there). */
  local: { host: string; port: number };
  done: Promise<SippResult>;
}

const running = new Set<ChildProcess>();

function render(file: string, vars: SippOptions['vars']): Buffer {
  let text = readFileSync(join(HERE, file));
  for (const [name, value] of Object.entries(vars)) {
    const marker = Buffer.from(`{{${name}}}`);
    const replacement = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + replacement.length)) {
      text = Buffer.concat([text.subarray(0, i), replacement, text.subarray(i + marker.length)]);
    }
  }
  const left = /\{\{([A-Z_]+)\}\}/.exec(text.toString('latin1').replace(/<!--[\s\S]*?-->/g, ''));
  if (left) throw new Error(`${file}: no value for {{${left[1]}}}`);
  return text;
}

export async function runSipp(opts: SippOptions): Promise<SippRun> {
  if (!existsSync('/usr/bin/sipp')) throw new Error('SIPp is not installed: apt-get install sip-tester (npm test installs it)');
  const host = opts.localHost ?? '127.0.0.2';
  const port = await freeSipPort(host, opts.transport === 'tcp');
  const dir = mkdtempSync(join(tmpdir(), 'veille-sipp-'));
  writeFileSync(join(dir, 'main.xml'), render(opts.scenario, opts.vars));
  if (opts.ooc !== null) writeFileSync(join(dir, 'ooc.xml'), opts.ooc ? render(opts.ooc, opts.vars) : render('ooc-mrs.xml', {}));
  const args = [
    `${opts.target.host}:${opts.target.port}`,
    '-sf', 'main.xml',
    ...(opts.ooc === null ? [] : ['-oocsf', 'ooc.xml']),
    '-i', host,
    '-p', String(port),
    '-m', '1',
    '-t', opts.transport === 'tcp' ? 't1' : 'u1',
    '-nostdin',
    '-s', opts.beaconId,
    '-au', opts.beaconId,
    '-ap', opts.password,
    '-timeout', `${opts.timeoutS ?? 30}s`,
    '-timeout_error',
    '-trace_logs', '-log_file', 'log.txt',
    '-trace_err', '-error_file', 'errors.txt',
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  // SIPp's own -timeout has been seen not to fire while it retransmits: a hard stop behind it.
  const hardStop = setTimeout(() => child.kill('SIGKILL'), ((opts.timeoutS ?? 30) + 5) * 1000);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<SippResult>((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(hardStop);
      running.delete(child);
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
      const result = { code, log: read('log.txt'), errors: `${read('errors.txt')}${stderr}` };
      rmSync(dir, { recursive: true, force: true });
      resolve(result);
    });
  });
  return { local: { host, port }, done };
}

/** Kills every SIPp this module started and waits for them to exit. */
export async function stopAllSipp(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** An <mrq> body on one line, as SIPp sends it. */
export function mrqXml(fields: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><mrq>${Object.entries(fields)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('')}</mrq>`;
}

/**
 * SIPp (Debian's sip-tester) as a voice peer for tests: a UAS that challenges, rings,
 * answers, streams A-law and hangs up, or a UAC that calls us. Scenario files live in
 * ./sipp/ with {{PLACEHOLDERS}} filled here. Each peer takes its own 127.0.0.x address:
 * the `sip` package refuses a target equal to its own address (PROTOCOLS.md §3.3, 3).
 * `-trace_msg` keeps every message SIPp saw, so a test can count ACKs or read our BYE.
 * Call `stopAllSippVoice()` in afterEach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeSipPort } from '../../../server/sip/free-port';

const HERE = join(import.meta.dirname, 'sipp');

export interface SippVoiceOptions {
  /** A file of ./sipp/, e.g. 'uas-auth-stream.xml'. */
  scenario: string;
  /** {{NAME}} → value. */
  vars?: Record<string, string | number>;
  /** SIPp's own address; default 127.0.71.2 (off the usual 127.0.0.2 of other suites running at the same time). */
  host?: string;
  /** For UAC scenarios: whom SIPp calls. */
  remote?: { host: string; port: number };
  /** SIPp gives up (and fails) after this; default 30 s. */
  timeoutS?: number;
  /** Extra command-line arguments (e.g. ['-s', 'bob']). */
  args?: string[];
}

export interface SippVoiceResult {
  /** 0: every call of the scenario went to its end. */
  code: number | null;
  /** Every message sent and received (-trace_msg), to read when a run fails or to count. */
  messages: string;
  errors: string;
}

export interface SippVoicePeer {
  /** SIPp's SIP address (and media address: -mi is the same host). */
  sip: { host: string; port: number };
  /** `sip:<user>@host:port`. */
  uri(user?: string): string;
  /** A scratch directory for files the scenario reads (e.g. the A-law stream); removed on exit. */
  dir: string;
  done: Promise<SippVoiceResult>;
}

const running = new Set<ChildProcess>();

function render(file: string, vars: Record<string, string | number>): string {
  let text = readFileSync(join(HERE, file), 'utf8');
  for (const [name, value] of Object.entries(vars)) text = text.split(`{{${name}}}`).join(String(value));
  const left = /\{\{([A-Z_]+)\}\}/.exec(text.replace(/<!--[\s\S]*?-->/g, ''));
  if (left) throw new Error(`${file}: no value for {{${left[1]}}}`);
  return text;
}

/**
 * Starts SIPp. `prepare(dir)` may write files into the scratch directory first and
 * return more {{vars}} (their paths).
 */
export async function runSippVoice(opts: SippVoiceOptions, prepare?: (dir: string) => Record<string, string | number>): Promise<SippVoicePeer> {
  if (!existsSync('/usr/bin/sipp')) throw new Error('SIPp is not installed: apt-get install sip-tester (npm test installs it)');
  const host = opts.host ?? '127.0.71.2';
  const port = await freeSipPort(host);
  // SIPp's media port defaults to 6000 on every run: two SIPps on one address would collide.
  const mediaPort = await freeSipPort(host);
  const dir = mkdtempSync(join(tmpdir(), 'veille-sipp-voice-'));
  const vars = { ...opts.vars, ...prepare?.(dir) };
  writeFileSync(join(dir, 'scenario.xml'), render(opts.scenario, vars));
  const args = [
    ...(opts.remote ? [`${opts.remote.host}:${opts.remote.port}`] : []),
    '-sf', 'scenario.xml',
    '-i', host,
    '-p', String(port),
    '-mi', host,
    '-mp', String(mediaPort),
    '-m', '1',
    '-t', 'u1',
    '-nostdin',
    '-timeout', `${opts.timeoutS ?? 30}s`,
    '-timeout_error',
    '-trace_msg', '-message_file', 'messages.txt',
    '-trace_err', '-error_file', 'errors.txt',
    ...(opts.args ?? []),
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  // SIPp's own -timeout has been seen not to fire while it retransmits: a hard stop behind it.
  const hardStop = setTimeout(() => child.kill('SIGKILL'), ((opts.timeoutS ?? 30) + 5) * 1000);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<SippVoiceResult>((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(hardStop);
      running.delete(child);
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'latin1') : '');
      const result = { code, messages: read('messages.txt'), errors: `${read('errors.txt')}${stderr}` };
      rmSync(dir, { recursive: true, force: true });
      resolve(result);
    });
  });
  return { sip: { host, port }, uri: (user = 'peer') => `sip:${user}@${host}:${port}`, dir, done };
}

/** Kills every SIPp this module started and waits for them to exit. */
export async function stopAllSippVoice(): Promise<void> {
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

export interface TracedMessage {
  /** Seen from SIPp: 'received' is what we sent. */
  direction: 'received' | 'sent';
  /** e.g. 'ACK sip:peer@127.0.0.2:5070 SIP/2.0' or 'SIP/2.0 200 OK'. */
  startLine: string;
  text: string;
}

/** The messages of a -trace_msg file, in order. */
export function tracedMessages(messages: string): TracedMessage[] {
  const out: TracedMessage[] = [];
  for (const block of messages.split(/^-{20,} [^\n]*\n/m)) {
    const m = /^UDP message (received|sent)[^\n]*\n\s*\n([\s\S]*)$/.exec(block);
    if (!m) continue;
    const text = m[2]!.trim();
    out.push({ direction: m[1] as TracedMessage['direction'], startLine: text.split(/\r?\n/)[0] ?? '', text });
  }
  return out;
}

/** How many messages SIPp received (what we sent) or sent whose start line matches. */
export function countMessages(messages: string, direction: TracedMessage['direction'], startLine: RegExp): number {
  return tracedMessages(messages).filter((t) => t.direction === direction && startLine.test(t.startLine)).length;
}

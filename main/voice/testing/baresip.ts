/**
 * baresip 1.0.0 as a real SIP + RTP peer for tests: answers every call at once, plays a
 * WAV as its microphone and records what it hears (sndfile: dump-…-dec.wav). Its SDP
 * carries the address of the default-route interface, not its SIP address, so it must run
 * inside a private network namespace whose default route is loopback, started with
 * `-n <its address>` (PROTOCOLS.md §4.3): call this from a script run by `runInNetns`
 * (./netns.ts), never from the test process itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEMPLATES = join(import.meta.dirname, 'baresip');

export interface BaresipPeerOptions {
  /** 8 kHz, 16-bit, mono WAV played as baresip's microphone; make it outlast the call (baresip hangs up when it ends). */
  sourceWav: string;
  /** Where sndfile writes dump-…-dec.wav (heard) and dump-…-enc.wav (sent). */
  recordDir: string;
  /** Default 127.0.0.3 (inside the namespace). */
  host?: string;
  /** Default 5080. */
  port?: number;
  /** Default 'bob'. */
  user?: string;
  /** Default '20000-20100'. */
  rtpPorts?: string;
  /** Commands run at start (`-e`), e.g. ['/dial sip:console@127.0.0.1:5062'] to call us. */
  commands?: string[];
  /** Gives up waiting for "baresip is ready." after this; default 10 s. */
  startTimeoutMs?: number;
  /** Appended to the account line, e.g. `;auth_user=B-1;auth_pass=…` to answer a digest challenge. */
  accountParams?: string;
}

export interface BaresipPeer {
  /** `sip:bob@127.0.0.3:5080`. */
  readonly uri: string;
  /** Everything baresip printed so far. */
  output(): string;
  /** Resolves with the output once it matches (already printed counts); rejects after timeoutMs with the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The recordings sndfile wrote (null until the first call). */
  recordings(): { heard: string | null; sent: string | null };
  /** Ends baresip (SIGTERM, then SIGKILL if it lingers) and removes its config directory. */
  stop(): Promise<void>;
}

function fill(template: string, vars: Record<string, string | number>): string {
  let text = readFileSync(join(TEMPLATES, template), 'utf8');
  for (const [name, value] of Object.entries(vars)) text = text.split(`{{${name}}}`).join(String(value));
  return text;
}

export async function startBaresipPeer(opts: BaresipPeerOptions): Promise<BaresipPeer> {
  if (!existsSync('/usr/bin/baresip')) throw new Error('baresip is not installed: apt-get install baresip-core (npm test installs it)');
  const host = opts.host ?? '127.0.0.3';
  const port = opts.port ?? 5080;
  const user = opts.user ?? 'bob';
  const dir = mkdtempSync(join(tmpdir(), 'veille-baresip-'));
  const vars = { SIP_HOST: host, SIP_PORT: port, USER: user, SOURCE_WAV: opts.sourceWav, RECORD_DIR: opts.recordDir, RTP_PORTS: opts.rtpPorts ?? '20000-20100' };
  mkdirSync(opts.recordDir, { recursive: true });
  writeFileSync(join(dir, 'config'), fill('config.template', vars));
  writeFileSync(join(dir, 'accounts'), fill('accounts.template', vars).replace('audio_codecs=PCMA,PCMU', `audio_codecs=PCMA,PCMU${opts.accountParams ?? ''}`));

  const child: ChildProcess = spawn('baresip', ['-f', dir, '-n', host, ...(opts.commands ?? []).flatMap((c) => ['-e', c])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const watchers = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...watchers]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const w of [...watchers]) w();
  });

  function waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(out)) return done(() => resolve(out));
        if (gone) done(() => reject(new Error(`baresip exited before printing ${pattern}:\n${out}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`baresip did not print ${pattern} within ${timeoutMs} ms:\n${out}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        watchers.delete(check);
        settle();
      };
      watchers.add(check);
      check();
    });
  }

  const peer: BaresipPeer = {
    uri: `sip:${user}@${host}:${port}`,
    output: () => out,
    waitFor,
    recordings() {
      const files = existsSync(opts.recordDir) ? readdirSync(opts.recordDir) : [];
      const pick = (suffix: string) => files.find((f) => f.endsWith(suffix));
      const heard = pick('-dec.wav');
      const sent = pick('-enc.wav');
      return { heard: heard ? join(opts.recordDir, heard) : null, sent: sent ? join(opts.recordDir, sent) : null };
    },
    async stop() {
      if (!gone) {
        child.kill('SIGTERM');
        // A registered baresip may take 32 s to leave on SIGTERM (ours never registers); never wait that long.
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(kill);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(/baresip is ready\./, opts.startTimeoutMs ?? 10_000);
  } catch (err) {
    await peer.stop();
    throw err;
  }
  return peer;
}

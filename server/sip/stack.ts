/**
 * Our SIP stack: the `sip` package (a transaction layer, PROTOCOLS.md §3) behind a small
 * typed interface, with its unsafe defaults replaced: explicit bind address, port and Via
 * host (never 0.0.0.0 or os.hostname()), TCP off unless asked, and socket errors (a port in
 * use at start, an ICMP error later) turned into a rejected start or a log line instead of
 * an uncaught exception that would take the hub down.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { randomFillSync } from 'node:crypto';
import type { Logger } from 'pino';
import sip from 'sip';
import { freeSipPort } from './free-port';

export type SipRequest = sip.SipRequest;
export type SipResponse = sip.SipResponse;
export type SipRemote = sip.Remote;
export type SipUri = sip.SipUri;
export type SipHeaders = sip.Headers;

export interface SipStackOptions {
  /** Bind address, e.g. 127.0.0.1; also the Via host unless publicAddress is given. */
  address: string;
  /** 0 = a free port chosen at start (read it back from `stack.port`). */
  port: number;
  /** The address peers reach us at (Via, Contact); default `address`. */
  publicAddress?: string;
  /** Default true. */
  udp?: boolean;
  /** Default false: TCP listens only when asked (large bodies, some LUCs). */
  tcp?: boolean;
  logger?: Logger;
}

export interface SipStack {
  readonly address: string;
  readonly port: number;
  readonly publicAddress: string;
  /** Sends a request (the stack adds the Via) and resolves with its final response; 408 on timeout (32 s), 503 when unreachable. */
  request(rq: SipRequest): Promise<SipResponse>;
  /** Answers a request received by the handler; adds a To tag to final answers that have none. */
  reply(rq: SipRequest, status: number, reason: string, extra?: { headers?: Record<string, unknown>; content?: string }): void;
  /** The raw package stack, for what this interface does not cover yet. */
  readonly raw: sip.Stack;
  close(): Promise<void>;
}

/** The SIP port could not be opened: said plainly, with the address and the cause. */
export class SipBindError extends Error {
  constructor(
    readonly address: string,
    readonly port: number,
    readonly protocol: 'UDP' | 'TCP',
    readonly code: string,
  ) {
    const why = code === 'EADDRINUSE' ? 'already in use' : code === 'EACCES' ? 'not allowed (ports below 1024 need privileges)' : code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : code;
    super(`SIP ${protocol} port ${address}:${port} cannot be opened: ${why}`);
    this.name = 'SipBindError';
  }
}

export type SipRequestHandler = (rq: SipRequest, remote: SipRemote, stack: SipStack) => void;

type Listening = { kind: 'udp'; socket: dgram.Socket } | { kind: 'tcp'; server: net.Server };

/**
 * Creates the package stack while catching the sockets it opens: `sip.create` binds them
 * synchronously without an 'error' listener, so the only way to hear a bind error is to
 * hold the sockets from the moment they exist.
 */
function createCapturing(options: sip.Options, onRequest: (rq: SipRequest, remote: SipRemote) => void): { raw: sip.Stack; opened: Listening[] } {
  const opened: Listening[] = [];
  const createSocket = dgram.createSocket;
  const createServer = net.createServer;
  (dgram as { createSocket: unknown }).createSocket = (...args: Parameters<typeof dgram.createSocket>) => {
    const socket = createSocket(...args);
    opened.push({ kind: 'udp', socket });
    return socket;
  };
  (net as { createServer: unknown }).createServer = (...args: Parameters<typeof net.createServer>) => {
    const server = createServer(...args);
    opened.push({ kind: 'tcp', server });
    return server;
  };
  try {
    return { raw: sip.create(options, onRequest), opened };
  } finally {
    (dgram as { createSocket: unknown }).createSocket = createSocket;
    (net as { createServer: unknown }).createServer = createServer;
  }
}

function waitListening(l: Listening, address: string, port: number): Promise<void> {
  const target = l.kind === 'udp' ? l.socket : l.server;
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      target.off('listening', onListening);
      reject(new SipBindError(address, port, l.kind === 'udp' ? 'UDP' : 'TCP', err.code ?? err.message));
    };
    const onListening = () => {
      target.off('error', onError);
      resolve();
    };
    target.once('error', onError);
    target.once('listening', onListening);
  });
}

/**
 * A PPMS alert sends hundreds of MESSAGEs within a second. With the system's default receive
 * buffer (about 200 KB on Linux: some 100 datagrams) the kernel drops the rest while an
 * alarm is committed, and each dropped message waits for its sender's retransmission (0.5 s,
 * then 1 s, 2 s…). Ask for more; the system may grant less (Linux: net.core.rmem_max).
 */
export const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

function widenReceiveBuffer(socket: dgram.Socket, log: SipStackOptions['logger']): void {
  try {
    socket.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
    const granted = socket.getRecvBufferSize();
    if (granted < UDP_RECEIVE_BUFFER_BYTES) log?.info({ granted, asked: UDP_RECEIVE_BUFFER_BYTES }, 'sip: UDP receive buffer smaller than asked (raise net.core.rmem_max for floods)');
  } catch (err) {
    log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'sip: UDP receive buffer left at the system default');
  }
}

export async function startSipStack(opts: SipStackOptions, onRequest: SipRequestHandler): Promise<SipStack> {
  const udp = opts.udp ?? true;
  const tcp = opts.tcp ?? false;
  if (!udp && !tcp) throw new Error('a SIP stack needs UDP or TCP');
  const port = opts.port === 0 ? await freeSipPort(opts.address, tcp) : opts.port;
  const publicAddress = opts.publicAddress ?? opts.address;
  const log = opts.logger;
  let stack: SipStack | null = null;
  const { raw, opened } = createCapturing(
    {
      udp,
      tcp,
      address: opts.address,
      port,
      publicAddress,
      // TCP: a stream that announces more than this is cut (the package's defaults are 60 KB of headers, 600 KB of body).
      maxBytesHeaders: 32 * 1024,
      maxContentLength: 64 * 1024,
      logger: { error: (e) => log?.warn({ err: e instanceof Error ? e.message : String(e) }, 'sip stack error') },
    },
    (rq, remote) => {
      if (stack) onRequest(rq, remote, stack);
    },
  );
  try {
    await Promise.all(opened.map((l) => waitListening(l, opts.address, port)));
  } catch (err) {
    raw.destroy();
    throw err;
  }
  // After start, a socket error (ICMP unreachable on send, a TCP accept failure) is logged, never fatal.
  for (const l of opened) (l.kind === 'udp' ? l.socket : l.server).on('error', (err: Error) => log?.warn({ err: err.message }, 'sip socket error'));
  for (const l of opened) if (l.kind === 'udp') widenReceiveBuffer(l.socket, log);

  let closed: Promise<void> | null = null;
  stack = {
    address: opts.address,
    port,
    publicAddress,
    raw,
    request(rq) {
      return new Promise((resolve) => {
        raw.send(rq, (rs) => {
          if (rs.status >= 200) resolve(rs);
        });
      });
    },
    reply(rq, status, reason, extra) {
      const rs = sip.makeResponse(rq, status, reason, extra);
      if (status >= 200 && rq.headers.to && !rq.headers.to.params?.tag) {
        rs.headers.to = { ...rq.headers.to, params: { ...rq.headers.to.params, tag: sipToken(4) } };
      }
      raw.send(rs);
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        // UDP close is asynchronous: wait so a test's next stack can bind the same port.
        const udpSockets = opened.filter((l): l is Extract<Listening, { kind: 'udp' }> => l.kind === 'udp');
        let left = udpSockets.length;
        for (const l of udpSockets) l.socket.once('close', () => --left === 0 && resolve());
        raw.destroy();
        if (udpSockets.length === 0) resolve();
      });
      return closed;
    },
  };
  return stack;
}

// Tags, branches and Call-IDs for every message of a flood: one system call per 4 KiB, not per token.
const tokenPool = Buffer.alloc(4096);
let tokenNext = tokenPool.length;

/** A fresh Call-ID / tag / branch-like token. */
export function sipToken(bytes = 8): string {
  if (tokenNext + bytes > tokenPool.length) {
    randomFillSync(tokenPool);
    tokenNext = 0;
  }
  tokenNext += bytes;
  return tokenPool.toString('hex', tokenNext - bytes, tokenNext);
}

export const parseUri = (u: string | SipUri): SipUri | undefined => sip.parseUri(u);
export const stringifyUri = (u: string | SipUri): string => sip.stringifyUri(u);

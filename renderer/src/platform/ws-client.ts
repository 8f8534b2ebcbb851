/**
 * Browser-mode transport: the contract over one WebSocket to the Node host.
 * Requests made before the socket opens are queued; when the socket closes,
 * every request still waiting is rejected (its outcome is unknown) and the
 * client reconnects with backoff, then asks `session.get` again so the UI
 * re-learns who is logged in and whether the hub is reachable. When an attempt
 * fails to open, it asks the host whether the token is still valid: a refused
 * token (the host restarted with a new address) stops the retries for good.
 */
import type { ApiClient, HostToClient, RequestEnvelope } from '@shared/contract';
import { EventHub } from './dispatch';
import { fromErrorShape, linkLostError } from './errors';
import { createLinkStatus, type LinkStatus } from './link';
import type { SessionCheck } from './session-check';

/** The subset of the WebSocket API we use, so Node's `ws` can stand in under test. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export type WsClientOptions = {
  url: string;
  createSocket: SocketFactory;
  /** First retry delay; doubles up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Asked after a connection attempt fails; 'refused' ends the retries. */
  checkSession?: () => Promise<SessionCheck>;
};

export type WsClient = ApiClient & { link: LinkStatus; dispose(): void };

type Pending = { method: string; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const OPEN = 1;

export function createWsClient(opts: WsClientOptions): WsClient {
  const initialBackoff = opts.initialBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const events = new EventHub();
  const link = createLinkStatus('connecting');
  const pending = new Map<number, Pending>();
  let queue: RequestEnvelope[] = [];
  let nextId = 1;
  let socket: SocketLike | null = null;
  let backoff = initialBackoff;
  let everOpened = false;
  let disposed = false;
  /** The host refused our token: nothing will ever work again on this page. */
  let refused = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function connect(): void {
    link.set('connecting');
    const ws = opts.createSocket(opts.url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      backoff = initialBackoff;
      link.set('open');
      const toSend = queue;
      queue = [];
      for (const env of toSend) ws.send(JSON.stringify(env));
      if (everOpened) resyncSession();
      everOpened = true;
    };
    ws.onmessage = (ev) => handleMessage(ev.data);
    ws.onerror = () => {
      /* onclose follows and does the work */
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll();
      link.set('closed');
      if (disposed) return;
      // A drop is retried at once; an attempt that never opened may mean our token is dead.
      if (!opened && opts.checkSession) void checkThenRetry(opts.checkSession);
      else scheduleReconnect();
    };
  }

  async function checkThenRetry(check: () => Promise<SessionCheck>): Promise<void> {
    let answer: SessionCheck;
    try {
      answer = await check();
    } catch {
      answer = 'down';
    }
    if (disposed) return;
    if (answer === 'refused') {
      refused = true;
      console.error('[veille] the console host refused this page\'s token: it restarted with a new address');
      link.setProblem('token-refused');
      return;
    }
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    const delay = Math.min(maxBackoff, backoff) * (0.8 + Math.random() * 0.4);
    backoff = Math.min(maxBackoff, backoff * 2);
    retryTimer = setTimeout(connect, delay);
  }

  function failAll(): void {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(linkLostError(p.method));
    }
    // Queued requests are in `pending` too: they are rejected above, never sent late.
    queue = [];
  }

  function resyncSession(): void {
    // The host may have restarted: its session answer is the truth, pushed as an event.
    client.invoke('session.get', {}).then(
      (state) => events.emit('session.changed', state),
      (err) => {
        if (!disposed) console.warn('[veille] session.get after reconnect failed', err);
      },
    );
  }

  function handleMessage(data: unknown): void {
    let msg: HostToClient;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data)) as HostToClient;
    } catch {
      console.error('[veille] non-JSON message from host dropped');
      return;
    }
    if (msg?.kind === 'res') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(fromErrorShape(msg.error));
    } else if (msg?.kind === 'evt') {
      events.emit(msg.event, msg.payload);
    } else {
      console.error('[veille] unexpected message from host dropped');
    }
  }

  const client: WsClient = {
    link,
    invoke(method, args) {
      return new Promise((resolve, reject) => {
        if (disposed || refused) return reject(linkLostError(method));
        const env: RequestEnvelope = { kind: 'req', id: nextId++, method, args };
        pending.set(env.id, { method, resolve: resolve as (v: unknown) => void, reject });
        if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(env));
        else queue.push(env);
      });
    },
    on: (event, listener) => events.on(event, listener),
    dispose() {
      disposed = true;
      clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      failAll();
      link.set('closed');
      ws?.close();
    },
  };
  connect();
  return client;
}

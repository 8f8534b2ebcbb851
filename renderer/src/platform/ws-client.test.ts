// @vitest-environment node
// Transport test against a real WebSocket server (Node `ws`): no DOM needed.
import { afterEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test-only: a real server for the browser transport
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { ApiError } from '@shared/contract';
import { createWsClient, type SocketLike, type WsClient } from './ws-client';
import { createSessionCheck, type FetchLike, type SessionCheck } from './session-check';
import { isLinkLost } from './errors';
import { makeCase, makeSession } from '../test/fixtures';

type Server = { wss: WebSocketServer; url: string; received: unknown[]; sockets: Set<NodeWebSocket> };
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function startServer(port = 0, onReq?: (msg: { id: number; method: string; args: unknown }, ws: NodeWebSocket) => void): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const received: unknown[] = [];
  const sockets = new Set<NodeWebSocket>();
  wss.on('connection', (ws, req) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    received.push({ url: req.url });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      received.push(msg);
      onReq?.(msg, ws);
    });
  });
  const { port: p } = wss.address() as { port: number };
  const server = { wss, url: `ws://127.0.0.1:${p}/api?token=t0k`, received, sockets };
  cleanups.push(() => wss.close());
  return server;
}

function client(url: string, checkSession?: () => Promise<SessionCheck>, sockets: { made: number } = { made: 0 }): WsClient {
  const createSocket = (u: string) => {
    sockets.made += 1;
    return new NodeWebSocket(u) as unknown as SocketLike;
  };
  const c = createWsClient({ url, createSocket, initialBackoffMs: 30, maxBackoffMs: 60, ...(checkSession ? { checkSession } : {}) });
  cleanups.push(() => c.dispose());
  return c;
}

const until = async (cond: () => boolean, ms = 3000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WebSocket client', () => {
  it('queues a request made before the socket opens and resolves it with the result', async () => {
    const srv = await startServer(0, (msg, ws) => {
      if (msg.method === 'cases.list') ws.send(JSON.stringify({ kind: 'res', id: msg.id, ok: true, result: [makeCase({ id: 'c1' })] }));
    });
    const c = client(srv.url);
    const cases = await c.invoke('cases.list', {});
    expect(cases.map((x) => x.id)).toEqual(['c1']);
    expect(srv.received[0]).toEqual({ url: '/api?token=t0k' });
    expect(srv.received[1]).toMatchObject({ kind: 'req', method: 'cases.list', args: {} });
  });

  it('rejects with an ApiError carrying the host error code and details', async () => {
    const srv = await startServer(0, (msg, ws) =>
      ws.send(JSON.stringify({ kind: 'res', id: msg.id, ok: false, error: { code: 'already-claimed', message: 'taken', details: { owner: { operatorId: 'o2', displayName: 'Opérateur 2' } } } })),
    );
    const c = client(srv.url);
    const err = await c.invoke('cases.claim', { caseId: 'c1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('already-claimed');
    expect((err as ApiError).details).toEqual({ owner: { operatorId: 'o2', displayName: 'Opérateur 2' } });
  });

  it('delivers valid events to listeners and drops malformed ones', async () => {
    const srv = await startServer();
    const c = client(srv.url);
    const got: string[] = [];
    c.on('cases.changed', (p) => got.push(p.case.id));
    await until(() => c.link.get() === 'open' && srv.sockets.size === 1);
    const [ws] = [...srv.sockets];
    ws!.send(JSON.stringify({ kind: 'evt', event: 'cases.changed', payload: { case: { id: 'broken' } } }));
    ws!.send('not json');
    ws!.send(JSON.stringify({ kind: 'evt', event: 'cases.changed', payload: { case: makeCase({ id: 'ok1' }) } }));
    await until(() => got.length === 1);
    expect(got).toEqual(['ok1']);
  });

  it('rejects pending requests when the socket closes, reconnects, and re-fires session.get as session.changed', async () => {
    let answerSession = false;
    const srv = await startServer(0, (msg, ws) => {
      if (msg.method === 'session.get' && answerSession)
        ws.send(JSON.stringify({ kind: 'res', id: msg.id, ok: true, result: makeSession({ displayName: 'Opérateur 1' }) }));
    });
    const c = client(srv.url);
    const sessions: Array<string | undefined> = [];
    c.on('session.changed', (s) => sessions.push(s.operator?.displayName));
    const links: string[] = [];
    c.link.subscribe((s) => links.push(s));

    // The host never answers this one, then the socket drops: the caller must hear about it.
    const claim = c.invoke('cases.claim', { caseId: 'c1' }).catch((e: unknown) => e);
    await until(() => srv.received.some((m) => (m as { method?: string }).method === 'cases.claim'));
    answerSession = true;
    for (const ws of srv.sockets) ws.terminate();
    const err = await claim;
    expect(isLinkLost(err)).toBe(true);

    await until(() => sessions.length === 1);
    expect(sessions).toEqual(['Opérateur 1']);
    expect(links).toEqual(['open', 'closed', 'connecting', 'open']);
  });

  it('keeps retrying while the host is down and recovers when it comes back', async () => {
    const first = await startServer();
    const port = Number(new URL(first.url).port);
    const c = client(first.url);
    await until(() => c.link.get() === 'open');
    first.wss.close();
    for (const ws of first.sockets) ws.terminate();
    await until(() => c.link.get() !== 'open');
    // A request made while the host is away fails instead of hanging forever.
    const lost = await c.invoke('app.info', {}).catch((e: unknown) => e);
    expect(isLinkLost(lost)).toBe(true);

    const second = await startServer(port, (msg, ws) => {
      if (msg.method === 'app.info')
        ws.send(JSON.stringify({ kind: 'res', id: msg.id, ok: true, result: { version: '1', runtime: 'browser', capabilities: { nativeNotifications: false } } }));
    });
    await until(() => c.link.get() === 'open' && second.sockets.size === 1, 5000);
    await expect(c.invoke('app.info', {})).resolves.toMatchObject({ runtime: 'browser' });
  });

  it('stops retrying and says so when the host refuses the token after it restarted', async () => {
    const srv = await startServer();
    const checks: string[] = [];
    const made = { made: 0 };
    // The restarted host answers the probe with 401 (scripted: the route lives in main/).
    const fetch: FetchLike = async (url) => (checks.push(url), { status: 401 });
    const c = client(srv.url, createSessionCheck({ fetch, url: 'http://127.0.0.1:1/api/session-check?token=t0k' }), made);
    await until(() => c.link.get() === 'open');
    srv.wss.close();
    for (const ws of srv.sockets) ws.terminate();
    // The first reconnect fails (nobody listens), the probe hears 401: no attempt after that.
    await until(() => c.link.problem === 'token-refused');
    expect(checks).toEqual(['http://127.0.0.1:1/api/session-check?token=t0k']);
    const attempts = made.made;
    await new Promise((r) => setTimeout(r, 300));
    expect(made.made).toBe(attempts);
    expect(c.link.get()).toBe('closed');
    expect(isLinkLost(await c.invoke('app.info', {}).catch((e: unknown) => e))).toBe(true);
  });

  it('keeps retrying while the probe finds the host down, and recovers when it is back', async () => {
    const first = await startServer();
    const port = Number(new URL(first.url).port);
    let checks = 0;
    const fetch: FetchLike = async () => {
      checks++;
      throw new TypeError('Failed to fetch');
    };
    const c = client(first.url, createSessionCheck({ fetch, url: 'http://127.0.0.1:1/api/session-check?token=t0k' }));
    await until(() => c.link.get() === 'open');
    first.wss.close();
    for (const ws of first.sockets) ws.terminate();
    await until(() => checks >= 2);
    expect(c.link.problem).toBeUndefined();
    const second = await startServer(port);
    await until(() => c.link.get() === 'open' && second.sockets.size === 1, 5000);
    expect(c.link.problem).toBeUndefined();
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostToClient } from '@shared/contract/envelope';
import { silent, startConsole, tempDir, type Console } from '../testing/fixtures';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { CSP } from './security';

const TOKEN = 'test-token-0123456789abcdef';
let tmp: ReturnType<typeof tempDir>;
let app: Console;
let server: BrowserServer;

beforeEach(async () => {
  tmp = tempDir();
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Veille</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  app = startConsole(tmp.dir, 'http://127.0.0.1:9');
  server = await startBrowserServer({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir, api: app.host, logger: silent });
});
afterEach(async () => {
  await server.close();
  await app.close();
  tmp.remove();
});

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

function connect(): Promise<{ ws: WebSocket; next(): Promise<HostToClient> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, { origin: server.origin });
  const queue: HostToClient[] = [];
  const waiters: ((m: HostToClient) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as HostToClient;
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return new Promise((resolve, reject) => {
    ws.on('open', () =>
      resolve({ ws, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r))) }),
    );
    ws.on('error', reject);
  });
}

describe('browser transport', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('serves the renderer with the strict CSP, and index.html for client routes', async () => {
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<title>Veille</title>');
    expect(await (await fetch(`${server.origin}/queue/123`)).text()).toContain('<title>Veille</title>');
    expect((await fetch(`${server.origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
  });

  it('rejects a missing or wrong token with 401', async () => {
    const base = `ws://127.0.0.1:${server.port}/api`;
    expect(await upgradeStatus(base, server.origin)).toBe(401);
    expect(await upgradeStatus(`${base}?token=nope`, server.origin)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${TOKEN}x`, server.origin)).toBe(401);
  });

  it('rejects a foreign or missing Origin with 403, even with the right token', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${TOKEN}`;
    expect(await upgradeStatus(url, 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(url, `http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await upgradeStatus(url)).toBe(403);
    expect(await upgradeStatus(url, `http://localhost:${server.port}`)).toBe(101);
  });

  it('refuses upgrades on other paths', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/other?token=${TOKEN}`, server.origin)).toBe(404);
  });

  it('answers requests with the right token and Origin', async () => {
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ kind: 'req', id: 1, method: 'app.info', args: {} }));
    expect(await next()).toMatchObject({ kind: 'res', id: 1, ok: true, result: { runtime: 'browser' } });
    ws.send(JSON.stringify({ kind: 'req', id: 2, method: 'cases.list', args: {} }));
    expect(await next()).toMatchObject({ id: 2, ok: false, error: { code: 'not-logged-in' } });
    ws.close();
  });

  it('survives garbage: answers when the id is readable, ignores the rest, keeps serving', async () => {
    const { ws, next } = await connect();
    ws.send('{{{ not json');
    ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    ws.send(JSON.stringify(null));
    ws.send(JSON.stringify([1, 2, 3]));
    ws.send(JSON.stringify({ kind: 'req', id: 7 }));
    expect(await next()).toMatchObject({ kind: 'res', id: 7, ok: false, error: { code: 'invalid-argument' } });
    ws.send(JSON.stringify({ kind: 'evt', id: 8, event: 'x' }));
    expect(await next()).toMatchObject({ id: 8, ok: false });
    ws.send(JSON.stringify({ kind: 'req', id: 9, method: 'nope.nope', args: {} }));
    expect(await next()).toMatchObject({ id: 9, ok: false, error: { code: 'unknown-method' } });
    ws.send(JSON.stringify({ kind: 'req', id: 10, method: 'app.info', args: {} }));
    expect(await next()).toMatchObject({ id: 10, ok: true });
    ws.close();
  });

  it('closes a socket that sends more than 1 MiB, and the server keeps serving', async () => {
    const { ws } = await connect();
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send(JSON.stringify({ kind: 'req', id: 1, method: 'app.info', args: { pad: 'x'.repeat(1024 * 1024 + 10) } }));
    expect(await closed).toBe(1009);
    const again = await connect();
    again.ws.send(JSON.stringify({ kind: 'req', id: 2, method: 'app.info', args: {} }));
    expect(await again.next()).toMatchObject({ id: 2, ok: true });
    again.ws.close();
  });

  it('broadcasts host events to every page as {kind:"evt"}', async () => {
    const a = await connect();
    const b = await connect();
    app.services.link.emit('status', { url: 'http://hub', demo: false, connected: false, lastError: 'test' });
    expect(await a.next()).toEqual({ kind: 'evt', event: 'hub.status', payload: expect.objectContaining({ lastError: 'test' }) });
    expect(await b.next()).toMatchObject({ kind: 'evt', event: 'hub.status' });
    a.ws.close();
    b.ws.close();
  });
});

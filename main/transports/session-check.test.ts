/** GET /api/session-check and the port-first start of the browser-mode server (real HTTP on 127.0.0.1). */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silent, startConsole, tempDir, type Console } from '../testing/fixtures';
import { ListenError, startBrowserServer, type BrowserServer } from './browser-server';

const TOKEN = 'session-check-token-0123456789';
let tmp: ReturnType<typeof tempDir>;
let app: Console;
let server: BrowserServer;

beforeEach(async () => {
  tmp = tempDir();
  app = startConsole(tmp.dir, 'http://127.0.0.1:9');
  // No api yet: as in browser.ts, the port is bound before the services start.
  server = await startBrowserServer({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: join(tmp.dir, 'none'), logger: silent });
});
afterEach(async () => {
  await server.close();
  await app.close();
  tmp.remove();
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const check = (token: string) => `/api/session-check?token=${encodeURIComponent(token)}`;

it('answers 204 for the right token and 401 with a short JSON error otherwise, never cached', async () => {
  const ok = await get(check(TOKEN));
  expect(ok).toMatchObject({ status: 204, body: '' });
  expect(ok.headers['cache-control']).toBe('no-store');
  for (const path of [check('wrong-token-0123456789'), check(`${TOKEN}x`), '/api/session-check', '/api/session-check?token=']) {
    const r = await get(path);
    expect(r.status, path).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: 'bad-token' });
  }
});

it('keeps the Host and Origin rules: a foreign Host or Origin is refused, the page itself is answered', async () => {
  expect((await get(check(TOKEN), { host: 'evil.example' })).status).toBe(403);
  expect((await get(check(TOKEN), { origin: 'http://evil.example' })).status).toBe(403);
  expect((await get(check(TOKEN), { origin: server.origin })).status).toBe(204);
  expect((await get(check(TOKEN), { origin: `http://localhost:${server.port}` })).status).toBe(204);
  expect((await get(check(TOKEN), {}, 'POST')).status).toBe(405);
});

it('answers the session check before the services are up, and the API socket only once they are', async () => {
  const upgrade = () =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, { origin: server.origin });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
  expect((await get(check(TOKEN))).status).toBe(204);
  expect(await upgrade()).toBe(503);
  server.attach(app.host);
  expect(await upgrade()).toBe(101);
  expect(() => server.attach(app.host)).toThrow(/already attached/);
});

it('a port already in use fails with a ListenError telling what to do', async () => {
  const err = await startBrowserServer({ host: '127.0.0.1', port: server.port, token: TOKEN, rendererDir: tmp.dir, logger: silent }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ListenError);
  expect((err as ListenError).code).toBe('EADDRINUSE');
  expect((err as Error).message).toBe(
    `Le port ${server.port} est déjà utilisé (une autre console ?) : choisissez-en un autre avec --port <n> ou --port 0`,
  );
});

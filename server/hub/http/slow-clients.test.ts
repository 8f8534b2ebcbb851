/** Slow and abusive HTTP clients against a real hub: raw sockets that dribble, and password guessing. */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture } from '../test-helpers';

let f: Fixture | undefined;
const raw: Socket[] = [];
afterEach(async () => {
  for (const s of raw.splice(0)) s.destroy();
  await f?.cleanup();
  f = undefined;
});

/**
 * Opens a raw TCP connection, writes `head`, then one more byte of `drip` every
 * 200 ms (so the connection is never idle), and reports what came back and when
 * the hub closed it.
 */
function dribble(url: string, head: string, drip: string): { closed: Promise<{ afterMs: number; reply: string }> } {
  const { hostname, port } = new URL(url);
  const s = connect(Number(port), hostname);
  raw.push(s);
  const start = Date.now();
  let reply = '';
  let i = 0;
  s.on('data', (d: Buffer) => (reply += d.toString()));
  s.on('error', () => undefined);
  s.write(head);
  const timer = setInterval(() => {
    if (!s.destroyed && i < drip.length) s.write(drip[i++]!);
  }, 200);
  return {
    closed: new Promise((resolve) =>
      s.on('close', () => {
        clearInterval(timer);
        resolve({ afterMs: Date.now() - start, reply });
      }),
    ),
  };
}

describe('slow senders', () => {
  it('cuts off a body dribbled byte by byte, and headers that never end, while serving everyone else', async () => {
    // The production values are 15 s / 10 s / 30 s / 10 s / 1 s (HTTP_TIMEOUTS); the same mechanism, shortened.
    f = await startFixture(undefined, { timeouts: { requestMs: 1000, headersMs: 1000, idleMs: 500, keepAliveMs: 500, checkIntervalMs: 100 } });
    const { token } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;

    const partialBody = dribble(
      f.hub.url,
      `POST /api/v1/alarms HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${f.key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"beac`,
      `onId": "B-1", "reference": "slow", "kind": "ppms.intrusion"`,
    );
    const partialHeaders = dribble(f.hub.url, `POST /api/v1/alarms HTTP/1.1\r\nHost: hub\r\n`, `Authorization: Bearer ${f.key}`);

    // Meanwhile the hub answers others at once.
    expect((await postAlarm(f.hub.url, f.key, alarmBody())).status).toBe(202);

    const body = await partialBody.closed;
    expect(body.reply).toMatch(/^HTTP\/1\.1 408/);
    expect(body.reply).toContain('"code":"request-timeout"');
    expect(body.afterMs).toBeLessThan(3000);
    const headers = await partialHeaders.closed;
    expect(headers.afterMs).toBeLessThan(3000);

    // A console's WebSocket is not an HTTP request in progress: idle past every timeout, it stays up.
    expect(c.socket.connected).toBe(true);
    const caseId = (await c.waitFor(() => true)).id;
    expect(await c.command({ type: 'claim', caseId })).toMatchObject({ ok: true });
  });
});

describe('password guessing', () => {
  const attempt = (url: string, username: string, password: string) =>
    fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  it('answers 429 with Retry-After after 5 failures for one username, without checking the password', async () => {
    f = await startFixture();
    for (let i = 0; i < 5; i++) expect((await attempt(f.hub.url, 'operateur1', `guess-${i}`)).status).toBe(401);
    const blocked = await attempt(f.hub.url, 'operateur1', 'veille-demo');
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(240);
    expect(retry).toBeLessThanOrEqual(300);
    expect(await blocked.json()).toEqual({ error: { code: 'too-many-attempts', message: 'Trop de tentatives de connexion échouées : réessayez dans 5 minutes' } });
    // Case variants share the count; other accounts from the same address are not locked out.
    expect((await attempt(f.hub.url, 'OPERATEUR1', 'veille-demo')).status).toBe(429);
    expect((await attempt(f.hub.url, 'operateur2', 'veille-demo')).status).toBe(200);
  });

  it('forgets earlier failures after a successful login', async () => {
    f = await startFixture();
    for (let i = 0; i < 4; i++) expect((await attempt(f.hub.url, 'operateur1', 'wrong')).status).toBe(401);
    expect((await attempt(f.hub.url, 'operateur1', 'veille-demo')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(f.hub.url, 'operateur1', 'wrong')).status).toBe(401);
    expect((await attempt(f.hub.url, 'operateur1', 'veille-demo')).status).toBe(200);
  });
});

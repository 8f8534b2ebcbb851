/** Sessions against a real hub: refresh rotation, theft detection, logout, expiry, and what happens to a live socket. */
import { decodeJwt } from 'jose';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HUB_NAMESPACE, LoginResponse, type SessionEnded } from '@shared/hub-protocol/console';
import { captureLogger, connectConsole, silent, startFixture, WARN, type Fixture } from '../test-helpers';
import { join } from 'node:path';
import { openDatabase } from '../db/database';
import { pruneSessions, type SessionPolicy } from './sessions';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.cleanup();
  f = undefined;
});

async function hub(sessions: Partial<SessionPolicy> = {}, logger = silent): Promise<Fixture> {
  f = await startFixture(undefined, { sessions, logger });
  return f;
}

const postJson = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function login(url: string, username = 'operateur1', consoleId: string | undefined = 'console-a'): Promise<LoginResponse> {
  const r = await postJson(url, '/api/login', { username, password: 'veille-demo', consoleId });
  expect(r.status).toBe(200);
  return LoginResponse.parse(await r.json());
}

/** consoleId null: sent without one. */
const refresh = (url: string, refreshToken: string, consoleId: string | null = 'console-a') =>
  postJson(url, '/api/session/refresh', consoleId === null ? { refreshToken } : { refreshToken, consoleId });

const logout = (url: string, token: string) => fetch(`${url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

/** A console socket that records the session.ended event and its disconnect. */
async function liveSocket(fx: Fixture, token: string) {
  const c = await connectConsole(fx, token);
  await c.snapshot;
  const ended = new Promise<SessionEnded>((resolve) => c.socket.once('session.ended', resolve));
  const disconnected = new Promise<number>((resolve) => c.socket.once('disconnect', () => resolve(Date.now())));
  return { ...c, ended, disconnected };
}

function handshakeRefusal(fx: Fixture, token: string): Promise<{ message: string; data?: { code: string; reason?: string } }> {
  const s: Socket = ioClient(fx.hub.url + HUB_NAMESPACE, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
  fx.sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => reject(new Error('connected')));
    s.once('connect_error', (e) => resolve(e as never));
  });
}

describe('login', () => {
  it('answers a 10-minute access token naming the session, and a refresh token for a 12 h session', async () => {
    const fx = await hub();
    const res = await login(fx.hub.url);
    const claims = decodeJwt(res.token);
    expect(claims).toMatchObject({ sub: res.operator.id, sid: res.sessionId, role: 'operator' });
    const accessMin = (Date.parse(res.expiresAt) - Date.now()) / 60_000;
    expect(accessMin).toBeGreaterThan(9.5);
    expect(accessMin).toBeLessThanOrEqual(10.1);
    const sessionH = (Date.parse(res.sessionExpiresAt) - Date.now()) / 3_600_000;
    expect(sessionH).toBeGreaterThan(11.9);
    expect(sessionH).toBeLessThanOrEqual(12);
    expect(res.refreshToken).toMatch(/^[\w-]{43}$/);
  });
});

describe('refresh', () => {
  it('rotates: a new access token and a new refresh token; the socket connects with the new access token', async () => {
    const fx = await hub();
    const first = await login(fx.hub.url);
    const r = await refresh(fx.hub.url, first.refreshToken);
    expect(r.status).toBe(200);
    const next = LoginResponse.parse(await r.json());
    expect(next.sessionId).toBe(first.sessionId);
    expect(next.sessionExpiresAt).toBe(first.sessionExpiresAt);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.token).not.toBe(first.token);
    expect(next.operator).toEqual(first.operator);
    const c = await connectConsole(fx, next.token);
    expect((await c.snapshot).cases).toEqual([]);
    // The rotated token keeps working (one use each).
    expect((await refresh(fx.hub.url, next.refreshToken)).status).toBe(200);
  });

  it('a refresh token presented again after its rotation revokes the whole session, cuts its socket and is logged', async () => {
    const log = captureLogger();
    const fx = await hub({}, log.logger);
    const r1 = await login(fx.hub.url);
    const r2 = LoginResponse.parse(await (await refresh(fx.hub.url, r1.refreshToken)).json());
    const r3 = LoginResponse.parse(await (await refresh(fx.hub.url, r2.refreshToken)).json());
    const live = await liveSocket(fx, r3.token);

    // r1 is two rotations old: a copy of it is being used.
    const reused = await refresh(fx.hub.url, r1.refreshToken);
    expect(reused.status).toBe(401);
    expect(await reused.json()).toEqual({ error: { code: 'session-ended', reason: 'revoked', message: expect.stringMatching(/^Session révoquée/) } });
    expect(await live.ended).toEqual({ reason: 'revoked' });
    await live.disconnected;
    // The legitimate holder's current token is dead too, and so is the access token.
    expect(await (await refresh(fx.hub.url, r3.refreshToken)).json()).toMatchObject({ error: { code: 'session-ended', reason: 'revoked' } });
    expect((await handshakeRefusal(fx, r3.token)).data).toMatchObject({ code: 'session-ended', reason: 'revoked' });
    expect(log.lines().some((l) => l.level === WARN && /presented again after its rotation: session revoked/.test(l.msg))).toBe(true);
  });

  it('a retry of a refresh whose answer was lost (same token, same console, seconds later) gets new tokens', async () => {
    const fx = await hub();
    const r1 = await login(fx.hub.url);
    expect((await refresh(fx.hub.url, r1.refreshToken)).status).toBe(200); // this answer "was lost"
    const retried = await refresh(fx.hub.url, r1.refreshToken);
    expect(retried.status).toBe(200);
    const r3 = LoginResponse.parse(await retried.json());
    expect((await refresh(fx.hub.url, r3.refreshToken)).status).toBe(200);
  });

  it('is refused from another console, which revokes the session; refused without a consoleId when login had one', async () => {
    const fx = await hub();
    const a = await login(fx.hub.url);
    const other = await refresh(fx.hub.url, a.refreshToken, 'console-b');
    expect(other.status).toBe(401);
    expect(await (await refresh(fx.hub.url, a.refreshToken)).json()).toMatchObject({ error: { reason: 'revoked' } });
    const b = await login(fx.hub.url);
    expect((await refresh(fx.hub.url, b.refreshToken, null)).status).toBe(401);
  });

  it('refuses an unknown token and a malformed body clearly', async () => {
    const fx = await hub();
    const unknown = await refresh(fx.hub.url, 'x'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: 'session-ended', reason: 'revoked' } });
    const bad = await postJson(fx.hub.url, '/api/session/refresh', { refreshToken: 12 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid-request', issues: [{ path: 'refreshToken' }] } });
  });
});

describe('logout', () => {
  it('revokes the session: the live socket is told and cut within a second, the token no longer connects, refresh is refused', async () => {
    const fx = await hub();
    const res = await login(fx.hub.url);
    const live = await liveSocket(fx, res.token);
    const other = await liveSocket(fx, (await login(fx.hub.url, 'operateur2', 'console-b')).token);
    const t0 = Date.now();
    expect((await logout(fx.hub.url, res.token)).status).toBe(204);
    expect(await live.ended).toEqual({ reason: 'logout' });
    expect((await live.disconnected) - t0).toBeLessThan(1000);
    expect((await handshakeRefusal(fx, res.token)).data).toMatchObject({ code: 'session-ended', reason: 'logout' });
    expect(await (await refresh(fx.hub.url, res.refreshToken)).json()).toMatchObject({ error: { code: 'session-ended', reason: 'logout' } });
    // Another operator's session is untouched.
    expect(other.socket.connected).toBe(true);
    // Logging out twice is harmless; no token is refused.
    expect((await logout(fx.hub.url, res.token)).status).toBe(204);
    expect((await fetch(`${fx.hub.url}/api/logout`, { method: 'POST' })).status).toBe(401);
    expect((await logout(fx.hub.url, 'not.a.token')).status).toBe(401);
  });
});

describe('expiry', () => {
  it('a live socket outlives its access token; a new handshake with that token is refused as expired', async () => {
    const fx = await hub({ accessTtlMs: 1000 });
    const res = await login(fx.hub.url);
    const live = await liveSocket(fx, res.token);
    await vi.waitFor(async () => expect((await handshakeRefusal(fx, res.token)).data?.code).toBe('token-expired'), { timeout: 5000, interval: 200 });
    expect(Date.now()).toBeGreaterThan(Date.parse(res.expiresAt));
    // Still connected, still served: the socket is bound to its session, not to the token.
    expect(live.socket.connected).toBe(true);
    expect(await live.emitAck('case.get', { caseId: 'none' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // The refresh token still renews it.
    expect((await refresh(fx.hub.url, res.refreshToken)).status).toBe(200);
  });

  it('the session ends after its maximum length: the live socket is told "expired" and refresh is refused', async () => {
    const fx = await hub({ sessionMaxMs: 1500, watchPeriodMs: 100 });
    const res = await login(fx.hub.url);
    // The access token never outlives its session.
    expect(Date.parse(res.expiresAt)).toBeLessThanOrEqual(Math.ceil(Date.parse(res.sessionExpiresAt) / 1000) * 1000);
    const live = await liveSocket(fx, res.token);
    expect(await live.ended).toEqual({ reason: 'expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(res.sessionExpiresAt));
    expect(await (await refresh(fx.hub.url, res.refreshToken)).json()).toMatchObject({ error: { code: 'session-ended', reason: 'expired' } });
  });
});

describe('pruning', () => {
  it('drops the used refresh tokens of ended sessions, and session rows 30 days after they ended; live sessions keep theirs', async () => {
    const fx = await hub();
    const ended = await login(fx.hub.url, 'operateur1');
    await refresh(fx.hub.url, ended.refreshToken);
    expect((await logout(fx.hub.url, ended.token)).status).toBe(204);
    const live = await login(fx.hub.url, 'operateur2', 'console-b');
    const next = LoginResponse.parse(await (await refresh(fx.hub.url, live.refreshToken, 'console-b')).json());

    const db = await openDatabase(join(fx.dataDir, 'hub.sqlite'), silent);
    try {
      const used = () => db.selectFrom('session_refresh_used').select('session_id').execute();
      const rows = () => db.selectFrom('sessions').select('id').orderBy('id').execute();
      await pruneSessions(db);
      expect(await used()).toEqual([{ session_id: live.sessionId }]);
      expect(await rows()).toHaveLength(2);
      // 30 days and an hour later: the ended session's row goes; the other one ended (12 h) less than 30 days before.
      await pruneSessions(db, Date.now() + 30 * 24 * 3600_000 + 3600_000);
      expect((await rows()).map((r) => r.id)).toEqual([live.sessionId]);
    } finally {
      await db.destroy();
    }
    // The live session still renews (its current token was not touched).
    expect((await refresh(fx.hub.url, next.refreshToken, 'console-b')).status).toBe(200);
  });
});

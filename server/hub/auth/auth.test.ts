import { statSync } from 'node:fs';
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginResponse } from '@shared/hub-protocol/console';
import { removeUser } from '../admin/users-admin';
import { openDatabase } from '../db/database';
import { connectConsole, silent, startFixture, type Fixture } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

const post = (url: string, body: string) =>
  fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('login', () => {
  it('gives a demo operator a session of at most 12 h and their identity', async () => {
    const r = await post(f.hub.url, JSON.stringify({ username: 'operateur1', password: 'veille-demo' }));
    expect(r.status).toBe(200);
    const body = LoginResponse.parse(await r.json());
    expect(body.operator).toMatchObject({ username: 'operateur1', role: 'operator' });
    const ttlH = (Date.parse(body.sessionExpiresAt) - Date.now()) / 3_600_000;
    expect(ttlH).toBeGreaterThan(11.9);
    expect(ttlH).toBeLessThanOrEqual(12);
    // The access token itself is short: the refresh token renews it (sessions.test.ts).
    expect(Date.parse(body.expiresAt)).toBeLessThan(Date.parse(body.sessionExpiresAt));
  });

  it('refuses a wrong password or an unknown user with the same error', async () => {
    for (const body of [{ username: 'operateur1', password: 'nope' }, { username: 'ghost', password: 'veille-demo' }]) {
      const r = await post(f.hub.url, JSON.stringify(body));
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ error: { code: 'bad-credentials', message: expect.any(String) } });
    }
    expect((await post(f.hub.url, '{"username":')).status).toBe(400);
    expect((await post(f.hub.url, '{"username":"x"}')).status).toBe(400);
  });

  it('keeps the signing secret private to the hub user', () => {
    expect(statSync(join(f.dataDir, 'hub-secret.key')).mode & 0o777).toBe(0o600);
  });
});

describe('console socket authentication', () => {
  function connectError(auth: Record<string, unknown>): Promise<{ message: string; data?: { code: string; reason?: string } }> {
    const s = ioClient(f.hub.url + '/console', { transports: ['websocket'], auth, forceNew: true, reconnection: false });
    f.sockets.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => reject(new Error('connected without a valid token')));
      s.once('connect_error', (e) => resolve(e as never));
    });
  }

  it('rejects a socket without token, or with a forged one, with a clear error', async () => {
    const none = await connectError({});
    expect(none.message).toMatch(/Jeton absent/);
    expect(none.data?.code).toBe('unauthorized');
    const forged = await connectError({ token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(forged.message).toMatch(/Jeton invalide/);
  });

  it('accepts a token from login and sends the snapshot', async () => {
    const r = await post(f.hub.url, JSON.stringify({ username: 'superviseur', password: 'veille-demo' }));
    const { token } = LoginResponse.parse(await r.json());
    const c = await connectConsole(f, token);
    const snap = await c.snapshot;
    expect(snap.cases).toEqual([]);
    // A demo hub says so, so that every console pointed at it shows the demo label.
    expect(snap.demo).toBe(true);
    expect(Date.parse(snap.serverTime)).not.toBeNaN();
  });

  it('refuses the token of an account removed since it logged in', async () => {
    const r = await post(f.hub.url, JSON.stringify({ username: 'operateur2', password: 'veille-demo' }));
    const { token } = LoginResponse.parse(await r.json());
    const db = await openDatabase(join(f.dataDir, 'hub.sqlite'), silent);
    try {
      await removeUser(db, 'operateur2');
    } finally {
      await db.destroy();
    }
    const refused = await connectError({ token });
    expect(refused.message).toMatch(/votre compte a été supprimé/);
    expect(refused.data).toMatchObject({ code: 'session-ended', reason: 'account-removed' });
  });
});

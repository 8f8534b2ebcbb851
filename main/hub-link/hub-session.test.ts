/**
 * The console's session against a REAL hub (startHub in-process, its SQLite file):
 * access tokens renewed without dropping the socket, a refused renewal or a
 * `session.ended` ends the session with its reason, logout revokes it at the
 * hub, and the password is never kept.
 */
import { join } from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3';
import { decodeJwt } from 'jose';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HUB_NAMESPACE, type SessionEndReason } from '@shared/hub-protocol/console';
import { removeUser, setPassword } from '../../server/hub/admin/users-admin';
import { openDatabase } from '../../server/hub/db/database';
import { startHub, type RunningHub, type StartHubOptions } from '../../server/hub/index';
import { HubLink } from './hub-link';
import { silent, tempDir, TEST_DIRECTORY } from '../testing/fixtures';

const PASSWORD = 'veille-demo';
let tmp: ReturnType<typeof tempDir> | undefined;
let hub: RunningHub | undefined;
const links: HubLink[] = [];

afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  await hub?.close();
  hub = undefined;
  tmp?.remove();
  tmp = undefined;
});

async function startTestHub(sessions: StartHubOptions['sessions'] = {}): Promise<RunningHub> {
  tmp = tempDir('veille-hub-session-');
  hub = await startHub({ dataDir: join(tmp.dir, 'hub'), port: 0, demo: true, directory: TEST_DIRECTORY, logger: silent, sessions });
  return hub;
}

function newLink(h: RunningHub): HubLink {
  const link = new HubLink({ hubUrl: h.url, logger: silent, consoleId: 'console-test-1', reconnectDelayMs: 50, reconnectDelayMaxMs: 200 });
  links.push(link);
  return link;
}

/** The hub's rows, read from its SQLite file as an auditor would (WAL: readable while the hub runs). */
function hubRows<T>(sql: string): T[] {
  const db = new Database(join(tmp!.dir, 'hub', 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** What a second process (the admin command line) does to the same database file. */
async function asAdmin(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<unknown>): Promise<void> {
  const db = await openDatabase(join(tmp!.dir, 'hub', 'hub.sqlite'), silent);
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
}

function nextSessionEnd(link: HubLink): Promise<{ reason: SessionEndReason; message: string; operator: { username: string } }> {
  return new Promise((resolve) => link.once('sessionEnded', resolve));
}

describe('console session (real hub)', () => {
  it('renews the access token before it expires, keeps its one socket, and the hub keeps serving it', async () => {
    const h = await startTestHub({ accessTtlMs: 1000 });
    const link = newLink(h);
    let connects = 0;
    link.on('connected', () => connects++);
    await link.login('operateur1', PASSWORD);
    await vi.waitFor(() => expect(link.isConnected()).toBe(true));
    // Two renewals: each access token lives a second or two, so the first one has expired by then.
    await vi.waitFor(() => expect(hubRows('SELECT * FROM session_refresh_used').length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 100 });
    expect(link.isConnected()).toBe(true);
    expect(connects).toBe(1);
    expect(link.operator?.username).toBe('operateur1');
    const [session] = hubRows<{ console_id: string; revoked_at: string | null }>('SELECT console_id, revoked_at FROM sessions');
    expect(session).toEqual({ console_id: 'console-test-1', revoked_at: null });
    // The token the link would use now is a fresh one the hub accepts.
    const token = await link.freshAccessToken();
    const probe = io(`${h.url}${HUB_NAMESPACE}`, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        probe.once('connect', resolve);
        probe.once('connect_error', reject);
      });
    } finally {
      probe.disconnect();
    }
  });

  it('reconnects after a hub outage longer than the access token: renewed before the handshake', async () => {
    const h = await startTestHub({ accessTtlMs: 1000 });
    const { port } = h;
    const dataDir = join(tmp!.dir, 'hub');
    const link = newLink(h);
    await link.login('operateur1', PASSWORD);
    await vi.waitFor(() => expect(link.isConnected()).toBe(true));
    const held = decodeJwt(link.accessToken()!);
    await h.close();
    await vi.waitFor(() => expect(link.isConnected()).toBe(false));
    // Down until the access token the link held has expired (its renewals fail meanwhile).
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(held.exp! * 1000 + 200), { timeout: 5000, interval: 100 });
    hub = await startHub({ dataDir, port, demo: true, directory: TEST_DIRECTORY, logger: silent, sessions: { accessTtlMs: 1000 } });
    await vi.waitFor(() => expect(link.isConnected()).toBe(true), { timeout: 10_000, interval: 50 });
    expect(link.operator?.username).toBe('operateur1');
  });

  it('a renewal the hub refuses (password changed by another process) ends the session with that reason', async () => {
    // The watcher is slowed down so that the refused renewal, not the socket cut, tells the console.
    const h = await startTestHub({ accessTtlMs: 1000, watchPeriodMs: 60_000 });
    const link = newLink(h);
    const statuses: (string | null)[] = [];
    link.on('status', (s) => statuses.push(s.lastError));
    await link.login('operateur1', PASSWORD);
    const ended = nextSessionEnd(link);
    await asAdmin((db) => setPassword(db, 'operateur1', 'un-nouveau-mot-de-passe'));
    expect(await ended).toMatchObject({ reason: 'password-changed', operator: { username: 'operateur1' } });
    expect(link.operator).toBeNull();
    expect(link.isConnected()).toBe(false);
    expect(link.cases()).toEqual([]);
    expect(statuses.at(-1)).toBe('Session terminée : votre mot de passe a été changé. Reconnectez-vous.');
    expect(link.accessToken()).toBeNull();
    expect(await link.freshAccessToken()).toBeNull();
  });

  it('session.ended from the hub (account removed) ends the session at once, with that reason', async () => {
    const h = await startTestHub({ watchPeriodMs: 100 });
    const link = newLink(h);
    await link.login('operateur2', PASSWORD);
    await vi.waitFor(() => expect(link.isConnected()).toBe(true));
    const ended = nextSessionEnd(link);
    await asAdmin((db) => removeUser(db, 'operateur2'));
    const t0 = Date.now();
    expect(await ended).toMatchObject({ reason: 'account-removed', message: expect.stringMatching(/compte a été supprimé/) });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(link.operator).toBeNull();
    expect(link.isConnected()).toBe(false);
  });

  it('logout revokes the session at the hub; a new login opens a new one', async () => {
    const h = await startTestHub();
    const link = newLink(h);
    await link.login('operateur1', PASSWORD);
    await link.logout();
    expect(link.operator).toBeNull();
    await vi.waitFor(() =>
      expect(hubRows<{ revoked_reason: string | null }>('SELECT revoked_reason FROM sessions')).toEqual([{ revoked_reason: 'logout' }]),
    );
    await link.login('operateur1', PASSWORD);
    expect(hubRows<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL')).toEqual([{ n: 1 }]);
  });

  it('logout against a hub that is gone returns at once', async () => {
    const h = await startTestHub();
    const link = newLink(h);
    await link.login('operateur1', PASSWORD);
    await h.close();
    hub = undefined;
    const t0 = Date.now();
    await link.logout();
    expect(Date.now() - t0).toBeLessThan(100);
    expect(link.operator).toBeNull();
  });

  it('keeps no password in memory, before or after a renewal', async () => {
    const h = await startTestHub({ accessTtlMs: 1000 });
    const link = newLink(h);
    const secret = 'veille-demo';
    await link.login('operateur1', secret);
    const state = () => inspect(link, { depth: 4, showHidden: true, getters: false, maxArrayLength: 50, maxStringLength: 10_000 });
    expect(state()).not.toContain(secret);
    for (const [key, value] of Object.entries(link)) expect(inspect(value, { depth: 6 }), key).not.toContain(secret);
    await vi.waitFor(() => expect(hubRows('SELECT * FROM session_refresh_used').length).toBeGreaterThanOrEqual(1), { timeout: 5000, interval: 100 });
    expect(state()).not.toContain(secret);
  });
});

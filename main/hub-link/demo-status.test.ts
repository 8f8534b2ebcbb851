/**
 * HubStatus.demo with a configured hub (no embedded demo): it follows what the
 * REAL hub says in its snapshot, so a console pointed at `npm run hub -- --demo
 * --simulate` is labelled demo, and one pointed at a production hub is not.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HubStatus } from '@shared/contract/requests';
import { startHub, type RunningHub } from '../../server/hub/index';
import { call, silent, startConsole, tempDir, TEST_DIRECTORY, waitFor, type Console } from '../testing/fixtures';

const ADMIN_PASSWORD = 'mot-de-passe-admin-essai';
let tmp: ReturnType<typeof tempDir>;
let hub: RunningHub | null = null;
let c: Console | null = null;

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await c?.close();
  await hub?.close();
  c = null;
  hub = null;
  tmp.remove();
});

async function consoleOn(opts: { demo?: boolean; simulated?: boolean }, username: string, password: string): Promise<Console> {
  hub = await startHub({ dataDir: join(tmp.dir, 'hub'), port: 0, directory: TEST_DIRECTORY, logger: silent, adminPassword: ADMIN_PASSWORD, ...opts });
  c = startConsole(join(tmp.dir, 'console'), hub.url);
  const before = await call(c.host, 'session.get', {});
  expect(before.ok && before.result).toMatchObject({ hub: { demo: false } });
  const res = await call(c.host, 'session.login', { username, password });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return c;
}

const statuses = (con: Console) => con.events.filter((e) => e.event === 'hub.status').map((e) => e.payload as HubStatus);

it('a hub started with demo accounts makes the console say demo, and hub.status tells the page', async () => {
  const con = await consoleOn({ demo: true }, 'operateur1', 'veille-demo');
  expect(con.services.link.status().demo).toBe(true);
  const session = await call(con.host, 'session.get', {});
  expect(session.ok && session.result).toMatchObject({ hub: { demo: true, connected: true } });
  await waitFor('hub.status demo', () => statuses(con).some((s) => s.demo && s.connected));
  expect(con.violations).toEqual([]);
});

it('a hub fed by the simulator (--simulate, no demo accounts) is a demo too', async () => {
  const con = await consoleOn({ simulated: true }, 'admin', ADMIN_PASSWORD);
  expect(con.services.link.status().demo).toBe(true);
});

it('a production hub is not labelled demo', async () => {
  const con = await consoleOn({}, 'admin', ADMIN_PASSWORD);
  expect(con.services.link.status()).toMatchObject({ demo: false, connected: true });
  expect(statuses(con).every((s) => !s.demo)).toBe(true);
});

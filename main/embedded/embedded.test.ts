/** The embedded demo's start-up line names every demo account (each really opens a session on its hub) and its SCAIP port. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { loginOverHttp } from '../hub-link/login';
import { tempDir } from '../testing/fixtures';
import { DEMO_PASSWORD, startEmbeddedDemo, type EmbeddedDemo } from './embedded';

let tmp: ReturnType<typeof tempDir> | undefined;
let demo: EmbeddedDemo | undefined;
afterEach(async () => {
  await demo?.close();
  tmp?.remove();
});

it('logs all five demo accounts, and each logs in on the embedded hub', async () => {
  tmp = tempDir();
  const lines: { msg: string; accounts?: string[] }[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  demo = await startEmbeddedDemo({ dataDir: tmp.dir, logger, simRate: 0, sim: false });
  const started = lines.find((l) => l.msg.startsWith('embedded demo hub started'));
  expect(started?.accounts).toEqual(['operateur1', 'operateur2', 'superviseur', 'formateur', 'admin']);
  expect(started?.msg).toContain('operateur1, operateur2, superviseur, formateur, admin');
  for (const username of started!.accounts!) {
    expect((await loginOverHttp(demo.hubUrl, username, DEMO_PASSWORD, 5000)).operator.username).toBe(username);
  }
}, 20_000);

it('names its SCAIP port at start, and its simulated beacons reach the hub over SCAIP', async () => {
  tmp = tempDir();
  const lines: { msg: string; sip?: { host: string; port: number }; simProtocol?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  demo = await startEmbeddedDemo({ dataDir: tmp.dir, logger, simRate: 600, sim: true });
  const started = lines.find((l) => l.msg.startsWith('embedded demo hub started'))!;
  expect(started.sip).toEqual(demo.sip);
  expect(demo.sip!.port).toBeGreaterThan(0);
  expect(started.msg).toContain(`SCAIP on udp 127.0.0.1:${demo.sip!.port}`);
  expect(started.simProtocol).toBe('scaip');
  // The simulated outside lines' trunk, which the console is given for its call-outs.
  expect(demo.trunk).toMatch(/^sip:127\.0\.0\.4:\d+$/);
  const db = new Database(join(tmp.dir, 'hub', 'hub.sqlite'), { readonly: true });
  try {
    await expect.poll(() => (db.prepare("select count(*) n from alarms where source like 'scaip:%'").get() as { n: number }).n, { timeout: 10_000 }).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}, 20_000);

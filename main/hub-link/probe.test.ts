/**
 * The start-up look at <hub>/health: a REAL hub answers; a closed port, an
 * unknown host, a server that never answers and a web server that is not a
 * hub each give a warning naming the address and the cause. bootCore never
 * waits for it.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { bootCore } from '../boot/core';
import { startTestHub, tempDir } from '../testing/fixtures';
import { probeHub } from './probe';

let tmp: ReturnType<typeof tempDir>;
let lines: { level: number; msg: string; hub?: string; cause?: string }[];
let logger: pino.Logger;
const closers: (() => Promise<unknown>)[] = [];

beforeEach(() => {
  tmp = tempDir();
  lines = [];
  logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  tmp.remove();
});

const warnings = () => lines.filter((l) => l.level === 40);

async function listening<T extends Server | ReturnType<typeof createServer>>(server: T): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** Accepts connections and never answers. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => sockets.add(s));
  const port = await listening(server);
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(r));
  });
  return `http://127.0.0.1:${port}`;
}

it('is quiet about a hub that answers', async () => {
  const hub = await startTestHub(join(tmp.dir, 'hub'));
  closers.push(() => hub.close());
  expect(await probeHub(hub.url, logger)).toEqual({ ok: true });
  expect(warnings()).toEqual([]);
});

it('names the address and the cause: connection refused, unknown host, no answer, not a hub', async () => {
  const closed = createServer();
  const port = await listening(closed);
  await new Promise((r) => closed.close(r));
  const refused = `http://127.0.0.1:${port}`;
  const unknown = 'http://hub-veille.invalid:4700';
  const mute = await silentServer();
  const web = createHttpServer((_req, res) => res.writeHead(404).end('not here'));
  const webUrl = `http://127.0.0.1:${await listening(web)}`;
  closers.push(() => new Promise((r) => web.close(r)));

  expect(await probeHub(refused, logger, 500)).toMatchObject({ ok: false, cause: expect.stringMatching(/^connexion refusée/) });
  expect(await probeHub(unknown, logger, 2000)).toMatchObject({ ok: false, cause: expect.stringMatching(/^hôte inconnu/) });
  expect(await probeHub(mute, logger, 300)).toEqual({ ok: false, cause: 'pas de réponse en 300 ms' });
  expect(await probeHub(webUrl, logger, 500)).toMatchObject({ ok: false, cause: expect.stringMatching(/HTTP 404/) });
  expect(warnings().map((w) => w.hub)).toEqual([refused, unknown, mute, webUrl]);
  for (const w of warnings()) expect(w.msg).toContain(`Hub injoignable au démarrage (${w.hub}) : ${w.cause}`);
});

it('bootCore starts at once with a hub that never answers, then warns within 2 s', async () => {
  const mute = await silentServer();
  const t0 = Date.now();
  const core = await bootCore({
    config: { dataDir: join(tmp.dir, 'console'), hubUrl: mute, simRate: 4, sim: false },
    logger,
    app: { version: 'test', runtime: 'browser', capabilities: { nativeNotifications: false } },
  });
  closers.push(() => core.close());
  expect(Date.now() - t0).toBeLessThan(1000);
  expect(warnings()).toEqual([]);
  expect(await core.hubProbe).toEqual({ ok: false, cause: 'pas de réponse en 2 s' });
  expect(Date.now() - t0).toBeLessThan(3000);
  expect(warnings()).toMatchObject([{ hub: mute, msg: expect.stringContaining(`Hub injoignable au démarrage (${mute}) : pas de réponse en 2 s`) }]);
});

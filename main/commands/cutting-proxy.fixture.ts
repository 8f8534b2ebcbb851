/**
 * Test fixture: a real TCP proxy between a console's hub link and a real hub,
 * that can cut the connection at a chosen moment (just before a given answer
 * from the hub reaches the console) or refuse connections for a while (the
 * console is cut off while the hub runs). Not used by production code.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface CuttingProxy {
  url: string;
  /**
   * The next hub → console bytes matching `pattern` are not forwarded: the console's
   * connection is cut instead. Resolves when that happened.
   */
  cutBefore(pattern: RegExp): Promise<void>;
  /** Refuses new connections and drops the open ones until unblock(). */
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let blocked = false;
  let cut: { pattern: RegExp; done: () => void } | null = null;

  const drop = (p: { client: Socket; upstream: Socket }) => {
    pairs.delete(p);
    p.client.destroy();
    p.upstream.destroy();
  };

  const server = createServer((client) => {
    if (blocked) return void client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      // WebSocket frames from the hub are not masked: its answers are readable as they pass.
      if (cut && cut.pattern.test(d.toString('latin1'))) {
        const { done } = cut;
        cut = null;
        drop(pair);
        done();
        return;
      }
      client.write(d);
    });
    client.on('close', () => drop(pair));
    upstream.on('close', () => drop(pair));
    client.on('error', () => drop(pair));
    upstream.on('error', () => drop(pair));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    cutBefore: (pattern) => new Promise<void>((done) => (cut = { pattern, done })),
    block() {
      blocked = true;
      for (const p of [...pairs]) drop(p);
    },
    unblock() {
      blocked = false;
    },
    async close() {
      for (const p of [...pairs]) drop(p);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A page's WebSocket that stops answering pings (a sleeping laptop, a killed tab behind a
 * proxy) is terminated, so its slot and its buffers are freed instead of kept for ever.
 */
import type { WebSocket } from 'ws';

const PING_EVERY_MS = 30_000;

/** Pings every 30 s, terminates after one unanswered ping; stops by itself when the socket closes. */
export function keepAlive(ws: WebSocket, everyMs = PING_EVERY_MS): void {
  let alive = true;
  ws.on('pong', () => (alive = true));
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, everyMs);
  ws.once('close', () => clearInterval(ping));
}

/**
 * The contract over a WebSocket: JSON envelopes in, responses and events out.
 * A bad message gets an error reply when its id is readable and is otherwise
 * logged and dropped; nothing a page sends can stop the server.
 */
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { RequestEnvelope } from '@shared/contract/envelope';
import type { Host } from '../host/host';
import type { Logger } from '../log/logger';
import { keepAlive } from './keep-alive';

export const MAX_PAYLOAD = 1024 * 1024;
/** A page that stops reading is cut off rather than let memory grow without bound. */
const MAX_BUFFERED = 16 * 1024 * 1024;

function badRequest(id: number, message: string): string {
  return JSON.stringify({ kind: 'res', id, ok: false, error: { code: 'invalid-argument', message } });
}

function parseEnvelope(data: RawData, isBinary: boolean): { env: RequestEnvelope } | { error: string; id: number | null } {
  if (isBinary) return { error: 'binary frames are not accepted', id: null };
  let msg: unknown;
  try {
    msg = JSON.parse(data.toString());
  } catch {
    return { error: 'message is not JSON', id: null };
  }
  const m = msg as Partial<RequestEnvelope> | null;
  const id = typeof m?.id === 'number' && Number.isSafeInteger(m.id) ? m.id : null;
  if (!m || typeof m !== 'object' || m.kind !== 'req') return { error: 'expected {kind:"req", id, method, args}', id };
  if (id === null) return { error: 'request id must be an integer', id: null };
  if (typeof m.method !== 'string') return { error: 'request method must be a string', id };
  return { env: { kind: 'req', id, method: m.method, args: m.args } };
}

export function createApiSocketServer(host: Host, logger: Logger): { wss: WebSocketServer; close(): Promise<void> } {
  const log = logger.child({ component: 'ws-api' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  const send = (ws: WebSocket, text: string) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      log.warn('page not reading its socket; disconnecting it (it will reconnect and resync)');
      ws.terminate();
      return;
    }
    ws.send(text);
  };

  const offEvents = host.onEvent((evt) => {
    const text = JSON.stringify(evt);
    for (const ws of wss.clients) send(ws, text);
  });

  wss.on('connection', (ws, req) => {
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    log.info({ peer }, 'page connected');
    keepAlive(ws);
    ws.on('message', (data, isBinary) => {
      const parsed = parseEnvelope(data, isBinary);
      if ('error' in parsed) {
        log.warn({ peer, reason: parsed.error }, 'bad message from page');
        if (parsed.id !== null) send(ws, badRequest(parsed.id, `Message invalide : ${parsed.error}`));
        return;
      }
      host
        .handle(parsed.env, { transport: 'ws', peer })
        .then((res) => send(ws, JSON.stringify(res)))
        .catch((err: unknown) => log.error({ err, peer }, 'host.handle rejected'));
    });
    ws.on('error', (err) => log.warn({ peer, err: err.message }, 'page socket error'));
    ws.on('close', (code) => {
      log.info({ peer, code }, 'page disconnected');
    });
  });

  return {
    wss,
    close: () =>
      new Promise<void>((resolve) => {
        offEvents();
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

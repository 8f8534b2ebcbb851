/**
 * Browser mode's audio port: binary WebSocket messages on /audio (the page's capture
 * frames in, playout frames out; layout in shared/audio/audio-frame.ts). The HTTP
 * server checks the token, Origin and Host exactly as for /api before handing the
 * upgrade over. Text messages and malformed frames are dropped and logged.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AUDIO_FRAME } from '@shared/audio/audio-frame';
import type { Logger } from '../log/logger';
import { createAudioRelay, type AudioRelay } from './audio-relay';
import { keepAlive } from './keep-alive';

export const AUDIO_PATH = '/audio';
/** Close code telling a page a newer one took the audio over (renderer/src/platform/audio-link.ts). */
export const AUDIO_REPLACED_CODE = 4001;
/** About 200 ms of playout waiting in the socket: past that the page is not reading. */
const MAX_BUFFERED = 10 * AUDIO_FRAME.bytes;

export interface BrowserAudioSocket {
  /** The AudioPort the call manager takes. */
  port: AudioRelay;
  /** Takes an upgrade the server has already authorised. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export function createBrowserAudioSocket(o: { logger: Logger }): BrowserAudioSocket {
  const log = o.logger.child({ component: 'audio-socket' });
  const relay = createAudioRelay(o.logger, 'audio-relay');
  // A page sends one 324-byte frame at a time; anything much bigger is not ours.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * AUDIO_FRAME.bytes });

  wss.on('connection', (ws, req) => {
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const conn = relay.connect(
      {
        send: (bytes) => {
          if (ws.readyState === ws.OPEN) ws.send(bytes, { binary: true });
        },
        close: (why) => ws.close(why === 'replaced' ? AUDIO_REPLACED_CODE : 1001, why === 'replaced' ? 'audio taken over by another page' : 'console stopping'),
        backedUp: () => ws.bufferedAmount > MAX_BUFFERED,
      },
      peer,
    );
    keepAlive(ws);
    ws.on('message', (data, isBinary) => conn.receive(isBinary ? data : String(data)));
    ws.on('error', (err) => log.warn({ peer, err: err.message }, 'audio socket error'));
    ws.on('close', () => {
      conn.disconnect();
    });
  });

  return {
    port: relay,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close: () =>
      new Promise<void>((resolve) => {
        relay.close();
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

/**
 * The page's end of the audio port: binary frames to and from main, off the request
 * envelope. Browser mode opens a WebSocket on /audio (same token and Origin checks as
 * /api); Electron receives a MessagePort from main through the preload. The call code
 * asks the platform for an AudioLink and never learns which one it got.
 */
import { AUDIO_PORT_MESSAGE } from '@shared/audio/audio-ipc';

/** Why main closed the link: another page took the audio over, or the link just dropped. */
export type AudioLinkEnd = 'replaced' | 'lost';

export interface AudioLinkHandlers {
  /** A playout frame as the carrier delivered it (decoded by the caller). */
  onPlayout(data: unknown): void;
  /** The link is up (first time and after each reconnection). */
  onOpen?(): void;
  onEnd?(why: AudioLinkEnd): void;
}

export interface AudioChannel {
  /** Sends one capture frame; dropped while the link is down or backed up. */
  send(frame: Uint8Array): void;
  close(): void;
}

export interface AudioLink {
  open(handlers: AudioLinkHandlers): AudioChannel;
  /** The socket's address (browser mode): the engine then opens it in a Worker, off the main thread. */
  readonly socketUrl?: string;
}

/** Close code main uses when a newer page took the audio over: do not reconnect then. */
export const AUDIO_REPLACED_CODE = 4001;
/** A socket holding more than this is not draining: frames are dropped rather than queued (delay). */
const MAX_BUFFERED_BYTES = 16 * 1024;
const RETRY_MS = 1000;

type AudioSocket = Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'close'> & {
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
};

/** Browser mode: ws://<page host>/audio?token=…, reconnecting while the call wants it. */
export function socketAudioLink(url: string, createSocket: (url: string) => AudioSocket = (u) => new WebSocket(u) as unknown as AudioSocket): AudioLink {
  return {
    socketUrl: url,
    open(handlers) {
      let socket: AudioSocket | null = null;
      let wanted = true;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const connect = () => {
        const ws = createSocket(url);
        ws.binaryType = 'arraybuffer';
        socket = ws;
        ws.onopen = () => handlers.onOpen?.();
        ws.onmessage = (ev) => handlers.onPlayout(ev.data);
        ws.onerror = () => undefined; // onclose follows
        ws.onclose = (ev) => {
          if (socket !== ws) return;
          socket = null;
          if (!wanted) return;
          if (ev.code === AUDIO_REPLACED_CODE) {
            wanted = false;
            handlers.onEnd?.('replaced');
            return;
          }
          handlers.onEnd?.('lost');
          retry = setTimeout(connect, RETRY_MS);
        };
      };
      connect();
      return {
        send(frame) {
          const ws = socket;
          if (!ws || ws.readyState !== 1 || ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
          ws.send(frame);
        },
        close() {
          wanted = false;
          clearTimeout(retry);
          socket?.close();
          socket = null;
        },
      };
    },
  };
}

/** What the preload exposes as window.veilleAudio (Electron only). */
export interface AudioBridge {
  /** Asks main for a fresh MessagePort; it arrives as a window message AUDIO_PORT_MESSAGE. */
  open(): void;
}

export { AUDIO_PORT_MESSAGE };

export function isAudioBridge(v: unknown): v is AudioBridge {
  return !!v && typeof (v as AudioBridge).open === 'function';
}

/** Electron: the port main sends through the preload (context isolation forbids handing it over directly). */
export function portAudioLink(bridge: AudioBridge, win: Window = window): AudioLink {
  return {
    open(handlers) {
      let port: MessagePort | null = null;
      let closed = false;
      const onWindowMessage = (e: MessageEvent) => {
        if (e.source !== win || e.data !== AUDIO_PORT_MESSAGE || !e.ports[0]) return;
        port?.close();
        port = e.ports[0];
        port.onmessage = (m) => handlers.onPlayout(m.data);
        port.start();
        handlers.onOpen?.();
      };
      win.addEventListener('message', onWindowMessage);
      bridge.open();
      return {
        send(frame) {
          if (!closed) port?.postMessage(frame, [frame.buffer]);
        },
        close() {
          closed = true;
          win.removeEventListener('message', onWindowMessage);
          port?.close();
          port = null;
        },
      };
    },
  };
}

/** The link for this page: the Electron bridge when present, else the browser-mode socket. */
export function createAudioLink(token: () => string | null, win: Window = window): AudioLink | null {
  const bridge = (win as unknown as { veilleAudio?: unknown }).veilleAudio;
  if (isAudioBridge(bridge)) return portAudioLink(bridge, win);
  const t = token();
  if (!t) return null;
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  return socketAudioLink(`${scheme}://${win.location.host}/audio?token=${encodeURIComponent(t)}`);
}

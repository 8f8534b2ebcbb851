/**
 * The audio socket, off the page's main thread (browser mode): this Worker owns the /audio
 * WebSocket and talks to the two AudioWorklets over MessagePorts, so frames no longer wait
 * while React or the map hold the main thread (they then reached the worklets in bursts,
 * overflowing the playout FIFO). The page only sends commands: open, sending on/off, close.
 */
import { decodeAudioFrame, encodeAudioFrame } from '@shared/audio/audio-frame';
import { socketAudioLink, type AudioChannel } from './audio-link';

export type RelayCommand =
  | { type: 'open'; url: string; capture: MessagePort; playout: MessagePort }
  | { type: 'sending'; on: boolean }
  | { type: 'close' };
export type RelayReport = { type: 'stats'; sent: number; received: number; badFrames: number } | { type: 'end'; why: 'replaced' | 'lost' } | { type: 'open' };

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<RelayCommand>) => void) | null; postMessage(m: RelayReport): void };
const stats = { sent: 0, received: 0, badFrames: 0 };
let channel: AudioChannel | null = null;
let capture: MessagePort | null = null;
let playout: MessagePort | null = null;
let sending = false;
let timer: ReturnType<typeof setInterval> | undefined;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'sending') sending = m.on;
  else if (m.type === 'open' && !channel) {
    capture = m.capture;
    playout = m.playout;
    capture.onmessage = (f: MessageEvent<unknown>) => {
      if (!sending || !channel || !(f.data instanceof Int16Array)) return;
      channel.send(encodeAudioFrame('capture', f.data));
      stats.sent += 1;
    };
    channel = socketAudioLink(m.url).open({
      onPlayout(data) {
        const frame = decodeAudioFrame(data, 'playout');
        if (!frame.ok) {
          stats.badFrames += 1;
          return;
        }
        stats.received += 1;
        playout?.postMessage({ type: 'frame', samples: frame.samples }, [frame.samples.buffer]);
      },
      onEnd: (why) => scope.postMessage({ type: 'end', why }),
      onOpen: () => scope.postMessage({ type: 'open' }),
    });
    timer = setInterval(() => scope.postMessage({ type: 'stats', ...stats }), 500);
  } else if (m.type === 'close') {
    clearInterval(timer);
    channel?.close();
    channel = null;
    capture?.close();
    playout?.close();
  }
};

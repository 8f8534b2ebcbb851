/**
 * The AudioPort main/voice uses, whatever carries the frames (browser-mode WebSocket,
 * Electron MessagePort). One page at a time: a newer page takes the audio over and the
 * older one is told so (it then stops reconnecting), so the operator's microphone never
 * reaches main twice. A bad frame is dropped and logged (the first one of a page at once,
 * then a count every 10 s at most), never thrown.
 */
import { decodeAudioFrame, encodeAudioFrame } from '@shared/audio/audio-frame';
import type { Logger } from '../log/logger';
import type { AudioPort } from '../voice/audio-port';

/** One page's carrier, as the relay sees it. */
export interface AudioSink {
  send(bytes: Uint8Array): void;
  /** 'replaced': a newer page took over; 'shutdown': the console stops. */
  close(why: 'replaced' | 'shutdown'): void;
  /** True while the carrier is not draining: playout frames are dropped rather than queued. */
  backedUp?(): boolean;
}

export interface AudioConnection {
  /** A message from the page (a capture frame, or anything a page may send). */
  receive(data: unknown): void;
  /** The page went away. */
  disconnect(): void;
}

export interface AudioRelay extends AudioPort {
  connect(sink: AudioSink, peer: string): AudioConnection;
  close(): void;
  /** Counters for tests and logs. */
  stats(): { captured: number; played: number; badFrames: number; droppedPlayout: number };
}

const BAD_FRAME_LOG_EVERY_MS = 10_000;

export function createAudioRelay(logger: Logger, component: string): AudioRelay {
  const log = logger.child({ component });
  const listeners = new Set<(frame: Int16Array) => void>();
  const counters = { captured: 0, played: 0, badFrames: 0, droppedPlayout: 0 };
  let current: { sink: AudioSink; peer: string } | null = null;

  return {
    get attached() {
      return current !== null;
    },
    onCapture(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sendPlayout(frame) {
      const target = current;
      if (!target) return;
      if (target.sink.backedUp?.()) {
        counters.droppedPlayout += 1;
        return;
      }
      try {
        target.sink.send(encodeAudioFrame('playout', frame));
        counters.played += 1;
      } catch (err) {
        counters.droppedPlayout += 1;
        log.warn({ err: (err as Error).message, peer: target.peer }, 'playout frame not sent');
      }
    },
    connect(sink, peer) {
      const previous = current;
      const me = { sink, peer };
      current = me;
      if (previous) {
        log.info({ peer, previous: previous.peer }, 'audio taken over by a newer page');
        previous.sink.close('replaced');
      } else log.info({ peer }, 'audio page attached');
      let bad = 0;
      let lastLog = 0;
      return {
        receive(data) {
          if (current !== me) return;
          const frame = decodeAudioFrame(data, 'capture');
          if (!frame.ok) {
            bad += 1;
            counters.badFrames += 1;
            const now = Date.now();
            if (bad === 1 || now - lastLog >= BAD_FRAME_LOG_EVERY_MS) {
              lastLog = now;
              log.warn({ peer, reason: frame.reason, badFrames: bad }, 'bad audio frame from page dropped');
            }
            return;
          }
          counters.captured += 1;
          for (const l of [...listeners]) {
            try {
              l(frame.samples);
            } catch (err) {
              log.error({ err }, 'capture listener failed');
            }
          }
        },
        disconnect() {
          if (current !== me) return;
          current = null;
          log.info({ peer, badFrames: bad }, 'audio page detached');
        },
      };
    },
    close() {
      current?.sink.close('shutdown');
      current = null;
      listeners.clear();
    },
    stats: () => ({ ...counters }),
  };
}

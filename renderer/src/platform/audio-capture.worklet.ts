/**
 * Capture AudioWorklet (runs in the audio thread). The context runs at 8 kHz, so the
 * microphone arrives already resampled (Chromium); this cuts it into 20 ms frames of
 * 160 samples, converts them to Int16 and hands each to the page as soon as it is full:
 * the microphone is the clock of what the operator sends (PROTOCOLS.md §5.4).
 */
import { AUDIO_FRAME_SAMPLES, floatToInt16 } from '@shared/audio/audio-frame';
import { CAPTURE_PROCESSOR, type WorkletScope } from './audio-worklet-scope';

const scope = globalThis as unknown as WorkletScope;

class CaptureProcessor extends scope.AudioWorkletProcessor {
  private buffer = new Float32Array(AUDIO_FRAME_SAMPLES);
  private filled = 0;
  /** Where frames go: a port to the audio relay Worker when the page gives one, else the page. */
  private out: MessagePort = this.port;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<{ type: string; port?: MessagePort }>) => {
      if (e.data?.type === 'port' && e.data.port) this.out = e.data.port;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i += 1) {
      this.buffer[this.filled++] = channel[i] ?? 0;
      if (this.filled === AUDIO_FRAME_SAMPLES) {
        const frame = floatToInt16(this.buffer);
        this.out.postMessage(frame, [frame.buffer]);
        this.filled = 0;
      }
    }
    return true;
  }
}

scope.registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);

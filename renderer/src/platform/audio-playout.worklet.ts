/**
 * Playout AudioWorklet (runs in the audio thread): frames from main go into the FIFO,
 * each render quantum is pulled from it. About once a second it reports its counters
 * (played, underruns, dropped, depth) so the page and the tests can see how it goes.
 */
import { int16ToFloat } from '@shared/audio/audio-frame';
import { PlayoutFifo } from './audio-playout-fifo';
import { PLAYOUT_PROCESSOR, type PlayoutCommand, type PlayoutReport, type WorkletScope } from './audio-worklet-scope';

const scope = globalThis as unknown as WorkletScope;
const REPORT_EVERY_QUANTA = 64;

class PlayoutProcessor extends scope.AudioWorkletProcessor {
  private readonly fifo = new PlayoutFifo();
  private quanta = 0;

  constructor() {
    super();
    const onCommand = (e: MessageEvent<PlayoutCommand>) => {
      const msg = e.data;
      if (msg?.type === 'frame' && msg.samples instanceof Int16Array) this.fifo.push(int16ToFloat(msg.samples));
      else if (msg?.type === 'clear') this.fifo.clear();
      // Frames straight from the audio relay Worker, past the page's main thread.
      else if (msg?.type === 'port') msg.port.onmessage = onCommand;
    };
    this.port.onmessage = onCommand;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    if (out?.[0]) {
      this.fifo.pull(out[0]);
      for (let c = 1; c < out.length; c += 1) out[c]?.set(out[0]);
    }
    this.quanta += 1;
    if (this.quanta % REPORT_EVERY_QUANTA === 0) {
      const report: PlayoutReport = { type: 'stats', ...this.fifo.snapshot() };
      this.port.postMessage(report);
    }
    return true;
  }
}

scope.registerProcessor(PLAYOUT_PROCESSOR, PlayoutProcessor);

/**
 * The operator's audio between the renderer and main, off the request envelope.
 * One capture stream (the operator's microphone) and one playout stream (everything
 * the operator should hear, mixed in main), both 8 kHz mono signed 16-bit frames of
 * 20 ms (160 samples). Electron carries them on a MessagePort, browser mode as binary
 * WebSocket messages (see AUDIO_FRAME below); main/voice only sees this interface.
 */
/**
 * Binary frame on the wire: byte 0 = kind (1 capture, renderer → main; 2 playout,
 * main → renderer), bytes 1..3 zero, then 160 little-endian Int16 samples (324 bytes).
 * Anything else is dropped and logged, never thrown. Defined in shared/ with its codec,
 * because the renderer and its AudioWorklets encode and decode the same frames.
 */
export { AUDIO_FRAME, AUDIO_FRAME_SAMPLES, AUDIO_SAMPLE_RATE } from '@shared/audio/audio-frame';

export interface AudioPort {
  /** Microphone frames as they arrive from the renderer (the renderer's clock paces them). */
  onCapture(listener: (frame: Int16Array) => void): () => void;
  /** A frame for the operator's ears; dropped when no renderer is attached. */
  sendPlayout(frame: Int16Array): void;
  /** A renderer is attached (a window or a browser tab with the audio socket open). */
  readonly attached: boolean;
}

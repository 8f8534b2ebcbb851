/**
 * MockAudioPort: the renderer's side of the audio port, which cannot exist in a Node test:
 * a microphone playing a tone at the renderer's pace (20 ms frames) and ears that keep
 * every playout frame. Not used in production.
 */
import type { AudioPort } from '../../audio-port';
import { startPacedClock, type PacedClock } from '../../media/paced-clock';
import { concatFrames, sineFrames } from '../../media/tone';

export class MockAudioPort implements AudioPort {
  readonly attached = true;
  private readonly listeners = new Set<(frame: Int16Array) => void>();
  private readonly played: Int16Array[] = [];
  private clock: PacedClock | null = null;

  onCapture(listener: (frame: Int16Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  sendPlayout(frame: Int16Array): void {
    this.played.push(frame);
  }

  /** Starts the microphone: a continuous tone. */
  speak(hz: number): void {
    const tone = sineFrames(hz, 1000, { amplitude: 0.4 });
    let i = 0;
    this.clock?.stop();
    this.clock = startPacedClock(20, () => {
      const f = tone[i++ % tone.length]!;
      for (const l of this.listeners) l(f);
    });
  }

  /** What the operator heard since the last call (then forgotten). */
  takePlayed(): Int16Array {
    const all = concatFrames(this.played);
    this.played.length = 0;
    return all;
  }

  stop(): void {
    this.clock?.stop();
    this.clock = null;
  }
}

/**
 * The playout FIFO run inside the playout AudioWorklet: 20 ms frames in from main, render
 * quanta (128 samples at 8 kHz) out to the speakers. A 3-frame prebuffer (60 ms) absorbs
 * the ±16 ms quantum jitter and the network's; at most 10 frames are held and the oldest is
 * dropped past that, so a burst never turns into a growing delay. Running dry plays silence
 * and primes again (PROTOCOLS.md §5.3: 0 underruns and 0 drops in 3 s with these numbers).
 *
 * Pure: unit-tested without Web Audio.
 */
export type PlayoutStats = { played: number; underruns: number; dropped: number; depth: number };

export const PLAYOUT_PREBUFFER_FRAMES = 3;
export const PLAYOUT_MAX_FRAMES = 10;

export class PlayoutFifo {
  private readonly queue: Float32Array[] = [];
  private current: Float32Array | null = null;
  private offset = 0;
  private priming = true;
  private everPlayed = false;
  private readonly stats = { played: 0, underruns: 0, dropped: 0 };

  constructor(
    private readonly prebuffer = PLAYOUT_PREBUFFER_FRAMES,
    private readonly maxFrames = PLAYOUT_MAX_FRAMES,
  ) {}

  /** A frame from main (floats −1..1). */
  push(frame: Float32Array): void {
    this.queue.push(frame);
    while (this.queue.length > this.maxFrames) {
      this.queue.shift();
      this.stats.dropped += 1;
    }
    if (this.priming && this.queue.length >= this.prebuffer) this.priming = false;
  }

  /** Fills `out` (one render quantum); silence while priming or after running dry. */
  pull(out: Float32Array): void {
    let i = 0;
    while (i < out.length) {
      if (this.priming) {
        out.fill(0, i);
        return;
      }
      if (!this.current || this.offset >= this.current.length) {
        const next = this.queue.shift();
        if (!next) {
          this.current = null;
          // Dry in the middle of a stream: count it, play silence, wait for a new prebuffer.
          if (this.everPlayed) this.stats.underruns += 1;
          this.priming = true;
          out.fill(0, i);
          return;
        }
        this.current = next;
        this.offset = 0;
        this.stats.played += 1;
        this.everPlayed = true;
      }
      const n = Math.min(out.length - i, this.current.length - this.offset);
      out.set(this.current.subarray(this.offset, this.offset + n), i);
      this.offset += n;
      i += n;
    }
  }

  /** Drops everything held (a call ended): the next call starts from a fresh prebuffer. */
  clear(): void {
    this.queue.length = 0;
    this.current = null;
    this.offset = 0;
    this.priming = true;
    this.everPlayed = false;
  }

  snapshot(): PlayoutStats {
    return { ...this.stats, depth: this.queue.length };
  }
}

/** Plays a tone pattern on a Web Audio context (square-ish envelope, no clicks). */
import type { Tone } from './tones';

export function playPattern(ctx: AudioContext, tones: readonly Tone[]): void {
  const t0 = ctx.currentTime + 0.02;
  for (const tone of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = tone.wave ?? 'square';
    osc.frequency.value = tone.freq;
    const start = t0 + tone.startMs / 1000;
    const end = start + tone.durationMs / 1000;
    // Short ramps avoid audible clicks at the edges of each beep.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(tone.gain * 0.3, start + 0.01);
    gain.gain.setValueAtTime(tone.gain * 0.3, end - 0.01);
    gain.gain.linearRampToValueAtTime(0, end);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(end + 0.02);
  }
}

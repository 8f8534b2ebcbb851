/**
 * Alert tone patterns, generated (no audio files). Priority 1 is a fast
 * alternating two-tone burst that is hard to ignore; lower priorities are
 * shorter and softer so the ear tells them apart without looking.
 */
export type Tone = { freq: number; startMs: number; durationMs: number; gain: number; wave?: OscillatorType };

function burst(freqs: number[], count: number, stepMs: number, durationMs: number, gain: number, offsetMs = 0): Tone[] {
  return Array.from({ length: count }, (_, i) => ({ freq: freqs[i % freqs.length]!, startMs: offsetMs + i * stepMs, durationMs, gain }));
}

export const PATTERNS: Record<1 | 2 | 3 | 4, Tone[]> = {
  1: [...burst([988, 784], 6, 180, 150, 0.5), ...burst([988, 784], 6, 180, 150, 0.5, 1400)],
  2: burst([880, 660], 4, 260, 200, 0.4),
  3: burst([660], 2, 350, 220, 0.3),
  4: burst([523], 1, 0, 300, 0.25),
};

/**
 * How often an unclaimed case of this priority rings again; null: it does not repeat.
 * Every 10 s for a P1, 20 s for a P2: insistent enough that nobody forgets a life-safety
 * case, spaced enough that a night of it is bearable (it used to be 5 s and 10 s).
 */
export function repeatMs(priority: number): number | null {
  if (priority === 1) return 10_000;
  if (priority === 2) return 20_000;
  return null;
}

/**
 * A later alarm joined a case the operator owns: a soft rising two-note chime (sine), unlike
 * every queue tone, heard by its owner only, since the case is already being handled.
 */
export const OWNER_PATTERN: Tone[] = [
  { freq: 659, startMs: 0, durationMs: 180, gain: 0.35, wave: 'sine' },
  { freq: 988, startMs: 220, durationMs: 260, gain: 0.35, wave: 'sine' },
];

export function patternFor(priority: number): Tone[] {
  return PATTERNS[(Math.min(4, Math.max(1, priority)) as 1 | 2 | 3 | 4)];
}

/**
 * « Hub injoignable »: not an alarm but a fault of the console's own feed. A low,
 * slow, buzzing descent (sawtooth, 330 → 220 Hz, half-second notes) that no
 * alarm pattern resembles, so the ear does not look for a new case in the queue.
 */
export const HUB_WARNING_PATTERN: Tone[] = [
  { freq: 330, startMs: 0, durationMs: 500, gain: 0.35, wave: 'sawtooth' },
  { freq: 220, startMs: 600, durationMs: 700, gain: 0.35, wave: 'sawtooth' },
];

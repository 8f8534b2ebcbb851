/**
 * Access to the Web Audio API. Browsers keep a context suspended until a user
 * gesture; `resume()` must be called from one (the login click counts).
 */
export interface AudioOutput {
  /** The context, created lazily; null when Web Audio is unavailable. */
  context(): AudioContext | null;
  /** Tries to resume; resolves with true when sound can play. */
  resume(): Promise<boolean>;
  isRunning(): boolean;
  /** Notified when the context state changes (running ⇄ suspended). */
  onStateChange(listener: () => void): () => void;
}

export function browserAudio(): AudioOutput {
  let ctx: AudioContext | null = null;
  const listeners = new Set<() => void>();
  // Any click or key press is a gesture that may unlock audio: use every one until it runs,
  // so the console does not stay silent just because nobody pressed « Son bloqué ».
  const unlock = () => {
    const c = get();
    if (!c || c.state === 'running') {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
      return;
    }
    void c.resume().catch(() => {});
  };
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
  function get(): AudioContext | null {
    if (ctx) return ctx;
    const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return null;
    ctx = new Ctor();
    ctx.onstatechange = () => listeners.forEach((l) => l());
    return ctx;
  }
  return {
    context: get,
    async resume() {
      const c = get();
      if (!c) return false;
      if (c.state !== 'running') {
        try {
          await c.resume();
        } catch {
          return false;
        }
      }
      return c.state === 'running';
    },
    isRunning: () => ctx?.state === 'running',
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

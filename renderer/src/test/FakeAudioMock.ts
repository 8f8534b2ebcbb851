/** FakeAudioMock: jsdom has no Web Audio; this stands in for the platform's AudioOutput. */
import type { AudioOutput } from '../platform/audio';

export class FakeAudioMock implements AudioOutput {
  running: boolean;
  resumeCalls = 0;
  private listeners = new Set<() => void>();
  constructor(running = false, private readonly allowResume = true) {
    this.running = running;
  }
  context(): AudioContext | null {
    return {} as AudioContext; // present but never played through in tests
  }
  async resume(): Promise<boolean> {
    this.resumeCalls += 1;
    if (this.allowResume && !this.running) {
      this.running = true;
      this.listeners.forEach((l) => l());
    }
    return this.running;
  }
  isRunning(): boolean {
    return this.running;
  }
  onStateChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

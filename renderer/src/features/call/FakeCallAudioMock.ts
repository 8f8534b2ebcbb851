/**
 * FakeCallAudioMock: jsdom has no Web Audio, no AudioWorklet and no microphone, so this
 * stands in for the platform's call audio. It records what the call feature asks of it
 * (start/stop, sending, volume, devices) and reports levels the test sets.
 */
import type { AudioDevices, CallAudio, CallAudioState, CallAudioStats } from '../../platform/audio-call';
import type { CallPlatform } from '../../platform/audio-voice';

export class FakeCallAudioMock implements CallAudio {
  started: Array<{ inputId: string | null; outputId: string | null }> = [];
  stops = 0;
  sending = false;
  volume = 1;
  inputs: Array<string | null> = [];
  outputs: Array<string | null> = [];
  fakeLevels = { operator: 0, peer: 0 };
  fakeDevices: AudioDevices = { inputs: [], outputs: [], canChooseOutput: true };
  private current: CallAudioState = { running: false, micLive: false, problem: null };
  private listeners = new Set<() => void>();

  async start(devices: { inputId: string | null; outputId: string | null }): Promise<void> {
    this.started.push(devices);
    this.setState({ running: true, micLive: true, problem: null });
  }
  stop(): void {
    this.stops += 1;
    this.sending = false;
    this.setState({ running: false, micLive: false, problem: null });
  }
  setSending(on: boolean): void {
    this.sending = on;
  }
  setVolume(v: number): void {
    this.volume = v;
  }
  async setInput(id: string | null): Promise<void> {
    this.inputs.push(id);
  }
  async setOutput(id: string | null): Promise<void> {
    this.outputs.push(id);
  }
  async devices(): Promise<AudioDevices> {
    return this.fakeDevices;
  }
  levels() {
    return this.fakeLevels;
  }
  stats(): CallAudioStats {
    return { sent: 0, received: 0, badFrames: 0, played: 0, underruns: 0, dropped: 0, depth: 0 };
  }
  state(): CallAudioState {
    return this.current;
  }
  onState(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** What the real engine reports when the browser refuses the microphone, etc. */
  setState(next: CallAudioState): void {
    this.current = next;
    for (const l of [...this.listeners]) l();
  }
}

export function fakeCallPlatform(audio = new FakeCallAudioMock(), tokenised = true): CallPlatform & { audio: FakeCallAudioMock } {
  return { audio, mediaUrl: (url) => (tokenised ? `${url}?token=test-token` : url) };
}

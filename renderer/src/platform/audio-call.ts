/**
 * The operator's side of a call: microphone → capture worklet → frames to main, and
 * frames from main → playout worklet → volume → headset. One 8 kHz AudioContext
 * (Chromium resamples the 48 kHz microphone into it), an analyser on each side for the
 * level meters. Frames leave only while `sending` is on (talk, or push-to-talk held):
 * in discreet listening and mute nothing of the operator leaves the page at all.
 *
 * Without a microphone (refused, absent) the call still plays: listening never depends
 * on it, and the error says what to do.
 *
 * Browser mode relays the frames in a Worker (audio-relay.worker.ts) wired to both
 * worklets, so they never wait on this thread; Electron's port is relayed here.
 */
import { AUDIO_SAMPLE_RATE, decodeAudioFrame, encodeAudioFrame } from '@shared/audio/audio-frame';
import captureUrl from './audio-capture.worklet.ts?worker&url';
import playoutUrl from './audio-playout.worklet.ts?worker&url';
import relayUrl from './audio-relay.worker.ts?worker&url';
import type { AudioChannel, AudioLink } from './audio-link';
import type { RelayCommand, RelayReport } from './audio-relay.worker';
import { CAPTURE_PROCESSOR, PLAYOUT_PROCESSOR, type PlayoutReport } from './audio-worklet-scope';

export type AudioDevice = { deviceId: string; label: string };
export type AudioDevices = { inputs: AudioDevice[]; outputs: AudioDevice[]; canChooseOutput: boolean };
export type CallAudioProblem = 'mic-denied' | 'mic-missing' | 'output-failed' | 'unsupported' | 'link-replaced';
export type CallAudioStats = { sent: number; received: number; badFrames: number; played: number; underruns: number; dropped: number; depth: number };
export type CallAudioState = { running: boolean; micLive: boolean; problem: CallAudioProblem | null };

export interface CallAudio {
  /** Opens the link, the context and the microphone; resolves once audio plays. */
  start(devices: { inputId: string | null; outputId: string | null }): Promise<void>;
  stop(): void;
  /** Whether microphone frames go to main (talk, or push-to-talk held). */
  setSending(on: boolean): void;
  /** Playout volume, 0..1. */
  setVolume(volume: number): void;
  setInput(deviceId: string | null): Promise<void>;
  setOutput(deviceId: string | null): Promise<void>;
  devices(): Promise<AudioDevices>;
  /** Peak levels 0..1 of what the microphone picks up and of what plays. */
  levels(): { operator: number; peer: number };
  stats(): CallAudioStats;
  state(): CallAudioState;
  onState(listener: () => void): () => void;
}

type SinkContext = AudioContext & { setSinkId?: (id: string) => Promise<void> };

function peakOf(analyser: AnalyserNode | null, buf: Float32Array<ArrayBuffer>): number {
  if (!analyser) return 0;
  analyser.getFloatTimeDomainData(buf);
  let p = 0;
  for (const s of buf) p = Math.max(p, Math.abs(s));
  return Math.min(1, p);
}

export function browserCallAudio(link: AudioLink | null): CallAudio {
  let ctx: SinkContext | null = null;
  let channel: AudioChannel | null = null;
  /** Browser mode: the Worker that owns the socket (frames bypass the page's main thread). */
  let relay: Worker | null = null;
  let mic: MediaStream | null = null;
  let micSource: MediaStreamAudioSourceNode | null = null;
  let capture: AudioWorkletNode | null = null;
  let micAnalyser: AnalyserNode | null = null;
  let peerAnalyser: AnalyserNode | null = null;
  let gain: GainNode | null = null;
  let sending = false;
  let volume = 1;
  let state: CallAudioState = { running: false, micLive: false, problem: null };
  const stats: CallAudioStats = { sent: 0, received: 0, badFrames: 0, played: 0, underruns: 0, dropped: 0, depth: 0 };
  const listeners = new Set<() => void>();
  const scratch = new Float32Array(256);
  const setState = (next: Partial<CallAudioState>) => {
    state = { ...state, ...next };
    for (const l of [...listeners]) l();
  };

  async function openMic(inputId: string | null): Promise<void> {
    if (!ctx || !capture || !micAnalyser) return;
    micSource?.disconnect();
    mic?.getTracks().forEach((t) => t.stop());
    mic = null;
    micSource = null;
    try {
      mic = await navigator.mediaDevices.getUserMedia({
        audio: {
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
          channelCount: 1,
          ...(inputId ? { deviceId: { exact: inputId } } : {}),
        },
      });
    } catch (err) {
      const name = (err as DOMException)?.name;
      setState({ micLive: false, problem: name === 'NotAllowedError' || name === 'SecurityError' ? 'mic-denied' : 'mic-missing' });
      return;
    }
    if (!ctx) {
      // Stopped while the permission prompt was open.
      mic.getTracks().forEach((t) => t.stop());
      mic = null;
      return;
    }
    micSource = ctx.createMediaStreamSource(mic);
    micSource.connect(capture);
    micSource.connect(micAnalyser);
    setState({ micLive: true, problem: state.problem === 'mic-denied' || state.problem === 'mic-missing' ? null : state.problem });
  }

  async function applyOutput(outputId: string | null): Promise<void> {
    if (!ctx) return;
    if (typeof ctx.setSinkId !== 'function') {
      if (outputId) setState({ problem: 'output-failed' });
      return;
    }
    try {
      await ctx.setSinkId(outputId ?? '');
      if (state.problem === 'output-failed') setState({ problem: null });
    } catch {
      setState({ problem: 'output-failed' });
    }
  }

  /** Main-thread relay (Electron's MessagePort, or no Worker available). */
  function openChannel(l: AudioLink, playout: AudioWorkletNode): AudioChannel {
    return l.open({
      onPlayout(data) {
        const frame = decodeAudioFrame(data, 'playout');
        if (!frame.ok) {
          stats.badFrames += 1;
          return;
        }
        stats.received += 1;
        playout.port.postMessage({ type: 'frame', samples: frame.samples }, [frame.samples.buffer]);
      },
      onEnd(why) {
        if (why === 'replaced') setState({ problem: 'link-replaced' });
      },
      onOpen() {
        if (state.problem === 'link-replaced') setState({ problem: null });
      },
    });
  }

  /** The socket in a Worker, wired to both worklets by their own ports. */
  function startRelay(url: string, captureNode: AudioWorkletNode, playout: AudioWorkletNode): Worker {
    const worker = new Worker(relayUrl, { name: 'veille-audio-relay' });
    const toCapture = new MessageChannel();
    const toPlayout = new MessageChannel();
    captureNode.port.postMessage({ type: 'port', port: toCapture.port1 }, [toCapture.port1]);
    playout.port.postMessage({ type: 'port', port: toPlayout.port1 }, [toPlayout.port1]);
    worker.onmessage = (e: MessageEvent<RelayReport>) => {
      const m = e.data;
      if (m.type === 'stats') Object.assign(stats, { sent: m.sent, received: m.received, badFrames: m.badFrames });
      else if (m.type === 'end' && m.why === 'replaced') setState({ problem: 'link-replaced' });
      else if (m.type === 'open' && state.problem === 'link-replaced') setState({ problem: null });
    };
    worker.onerror = (e) => console.error('[veille] audio relay worker failed', e.message);
    const open: RelayCommand = { type: 'open', url, capture: toCapture.port2, playout: toPlayout.port2 };
    worker.postMessage(open, [toCapture.port2, toPlayout.port2]);
    worker.postMessage({ type: 'sending', on: sending } satisfies RelayCommand);
    return worker;
  }

  return {
    async start({ inputId, outputId }) {
      if (ctx) return;
      const Ctor = window.AudioContext;
      if (!Ctor || !link || typeof AudioWorkletNode === 'undefined') {
        setState({ problem: 'unsupported' });
        return;
      }
      const c: SinkContext = new Ctor({ sampleRate: AUDIO_SAMPLE_RATE, latencyHint: 'interactive' });
      ctx = c;
      // Counters per call: a new call's worklets and relay start from zero too.
      Object.assign(stats, { sent: 0, received: 0, badFrames: 0, played: 0, underruns: 0, dropped: 0, depth: 0 });
      await c.audioWorklet.addModule(captureUrl);
      await c.audioWorklet.addModule(playoutUrl);
      if (ctx !== c) return;
      // No output: Chromium pulls a worklet without outputs by itself, and nothing of the
      // microphone reaches the speakers (no sidetone, no feedback).
      capture = new AudioWorkletNode(c, CAPTURE_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
      micAnalyser = c.createAnalyser();
      micAnalyser.fftSize = 256;
      const playout = new AudioWorkletNode(c, PLAYOUT_PROCESSOR, { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
      peerAnalyser = c.createAnalyser();
      peerAnalyser.fftSize = 256;
      gain = c.createGain();
      gain.gain.value = volume;
      playout.connect(peerAnalyser);
      playout.connect(gain).connect(c.destination);
      playout.port.onmessage = (e: MessageEvent<PlayoutReport>) => {
        if (e.data?.type !== 'stats') return;
        Object.assign(stats, { played: e.data.played, underruns: e.data.underruns, dropped: e.data.dropped, depth: e.data.depth });
      };
      if (link.socketUrl && typeof Worker !== 'undefined') {
        relay = startRelay(link.socketUrl, capture, playout);
      } else {
        capture.port.onmessage = (e: MessageEvent<Int16Array>) => {
          if (!sending || !channel || !(e.data instanceof Int16Array)) return;
          channel.send(encodeAudioFrame('capture', e.data));
          stats.sent += 1;
        };
        channel = openChannel(link, playout);
      }
      await applyOutput(outputId);
      // A browser keeps a context suspended until a gesture, and resume() then waits for one:
      // never wait on it (the microphone must open meanwhile); retry on the next key or click.
      void c.resume().catch(() => undefined);
      const unlock = () => {
        if (ctx !== c || c.state === 'running') {
          window.removeEventListener('pointerdown', unlock, true);
          window.removeEventListener('keydown', unlock, true);
          return;
        }
        void c.resume().catch(() => undefined);
      };
      window.addEventListener('pointerdown', unlock, true);
      window.addEventListener('keydown', unlock, true);
      setState({ running: true });
      await openMic(inputId);
    },
    stop() {
      channel?.close();
      channel = null;
      if (relay) {
        relay.postMessage({ type: 'close' } satisfies RelayCommand);
        relay.terminate();
        relay = null;
      }
      mic?.getTracks().forEach((t) => t.stop());
      mic = null;
      micSource = null;
      capture = null;
      micAnalyser = null;
      peerAnalyser = null;
      gain = null;
      const c = ctx;
      ctx = null;
      void c?.close().catch(() => undefined);
      sending = false;
      setState({ running: false, micLive: false, problem: null });
    },
    setSending(on) {
      sending = on;
      relay?.postMessage({ type: 'sending', on } satisfies RelayCommand);
    },
    setVolume(v) {
      volume = Math.max(0, Math.min(1, v));
      if (gain && ctx) gain.gain.setTargetAtTime(volume, ctx.currentTime, 0.02);
    },
    setInput: (id) => openMic(id),
    setOutput: (id) => applyOutput(id),
    async devices() {
      const all = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
      const pick = (kind: MediaDeviceKind) =>
        all.filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications').map((d) => ({ deviceId: d.deviceId, label: d.label }));
      return { inputs: pick('audioinput'), outputs: pick('audiooutput'), canChooseOutput: typeof (window.AudioContext?.prototype as SinkContext | undefined)?.setSinkId === 'function' };
    },
    levels: () => ({ operator: peakOf(micAnalyser, scratch), peer: peakOf(peerAnalyser, scratch) }),
    stats: () => ({ ...stats }),
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

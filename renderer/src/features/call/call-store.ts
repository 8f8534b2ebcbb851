/**
 * The console's calls as the page knows them: the host's voice.calls list (the truth),
 * the levels it reports, and what only this page knows (push-to-talk held, volume,
 * headset, the last refusal). One store per ApiClient, so the app bar's indicator and the
 * case view's panel read the same one without a provider.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, CallView } from '@shared/contract';
import type { CallAudioState, CallAudioStats } from '../../platform/audio-call';

export type Levels = { peer: number; operator: number };
export type Refusal = { caseId: string | null; message: string };

export type CallState = {
  calls: CallView[];
  /** Levels main reports per call (voice.level). */
  levels: Record<string, Levels>;
  /** Levels measured on this page's own analysers while its audio runs (preferred). */
  localLevels: Levels | null;
  pttHeld: boolean;
  volume: number;
  inputId: string | null;
  outputId: string | null;
  refusal: Refusal | null;
  audio: CallAudioState;
  /** The page's audio counters while it runs (a line for technicians under the headset). */
  stats: CallAudioStats | null;
  /** A request on this call is on its way (buttons wait for it). */
  busy: Record<string, boolean>;
};

export type CallActions = {
  setCalls(calls: CallView[]): void;
  /** A request's answer: that call as main now sees it. */
  mergeCall(call: CallView): void;
  setLevel(callId: string, levels: Levels): void;
  set(partial: Partial<CallState>): void;
  setBusy(callId: string, busy: boolean): void;
};

export type CallStore = StoreApi<CallState & CallActions>;

const LIVE = new Set(['dialling', 'ringing', 'connected', 'held']);
export const isLive = (c: CallView): boolean => LIVE.has(c.phase);

export function createCallStore(): CallStore {
  return createStore<CallState & CallActions>()((set) => ({
    calls: [],
    levels: {},
    localLevels: null,
    pttHeld: false,
    volume: 0.8,
    inputId: null,
    outputId: null,
    refusal: null,
    audio: { running: false, micLive: false, problem: null },
    stats: null,
    busy: {},
    setCalls: (calls) =>
      set((s) => {
        // Levels of calls that are over are of no use any more.
        const levels: Record<string, Levels> = {};
        for (const c of calls) if (isLive(c) && s.levels[c.callId]) levels[c.callId] = s.levels[c.callId] as Levels;
        const pttStillUseful = calls.some((c) => isLive(c) && c.mode === 'ptt');
        return { calls, levels, pttHeld: pttStillUseful && s.pttHeld };
      }),
    mergeCall: (call) =>
      set((s) => ({ calls: s.calls.some((c) => c.callId === call.callId) ? s.calls.map((c) => (c.callId === call.callId ? call : c)) : [...s.calls, call] })),
    setLevel: (callId, levels) => set((s) => ({ levels: { ...s.levels, [callId]: levels } })),
    set: (partial) => set(partial),
    setBusy: (callId, busy) => set((s) => ({ busy: { ...s.busy, [callId]: busy } })),
  }));
}

const stores = new WeakMap<ApiClient, CallStore>();

/** The call store of this app (one per ApiClient: each test gets its own). */
export function callStoreFor(api: ApiClient): CallStore {
  let s = stores.get(api);
  if (!s) stores.set(api, (s = createCallStore()));
  return s;
}

/**
 * The live beacon call of a case, if any; else a technical test call to the case's beacon
 * (it belongs to no case, but the panel it was placed from must show it and hang it up).
 */
export function beaconCallOf(calls: readonly CallView[], caseId: string, beaconId?: string): CallView | null {
  const live = calls.filter((c) => c.party === 'beacon' && isLive(c));
  return live.find((c) => c.caseId === caseId) ?? live.find((c) => c.caseId === null && c.testReason !== null && c.peer === beaconId) ?? null;
}

/** Whether the operator's microphone should leave the page now. */
export function shouldSend(s: Pick<CallState, 'calls' | 'pttHeld'>): boolean {
  return s.calls.some((c) => c.phase === 'connected' && (c.mode === 'talk' || (c.mode === 'ptt' && s.pttHeld)));
}

/** The call the keyboard acts on: the open case's beacon call, else the only live call. */
export function activeCall(calls: readonly CallView[], openCaseId: string | null, openBeaconId?: string): CallView | null {
  if (openCaseId) {
    const own = beaconCallOf(calls, openCaseId, openBeaconId);
    if (own) return own;
  }
  const live = calls.filter(isLive);
  return live.length === 1 ? (live[0] ?? null) : null;
}

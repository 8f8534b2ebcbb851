/**
 * Runs once per logged-in console (mounted by the app bar's indicator): follows the host's
 * calls and levels, keeps the page's audio running while any call is live (whichever case
 * is on screen), gates the microphone on the mode, and listens for the call shortcuts.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../api/context';
import { beaconVolume, callBeacon, hangup, ptt, setMode } from './call-actions';
import { callKeyAction, isPttKey, keyBelongsToFocus } from './call-keys';
import { activeCall, callStoreFor, isLive, shouldSend, type CallStore } from './call-store';

export const VOLUME_PREF = 'callVolume';
export const INPUT_PREF = 'callInput';
export const OUTPUT_PREF = 'callOutput';
const LEVEL_POLL_MS = 100;
/** Counters once a second (every tenth level poll). */
const STATS_EVERY = 10;

export function useCallStore(): CallStore {
  return callStoreFor(useServices().api);
}

export function useVoiceSession(): void {
  const { api, store: consoleStore, prefs, call } = useServices();
  const store = callStoreFor(api);
  const { t } = useTranslation();

  // The host's calls and levels.
  useEffect(() => {
    const saved = Number(prefs.get(VOLUME_PREF));
    store.getState().set({
      volume: prefs.get(VOLUME_PREF) !== null && saved >= 0 && saved <= 1 ? saved : store.getState().volume,
      inputId: prefs.get(INPUT_PREF) || null,
      outputId: prefs.get(OUTPUT_PREF) || null,
    });
    let disposed = false;
    const offCalls = api.on('voice.calls', ({ calls }) => store.getState().setCalls(calls));
    const offLevel = api.on('voice.level', ({ callId, peer, operator }) => store.getState().setLevel(callId, { peer, operator }));
    const refresh = () =>
      api.invoke('voice.calls', {}).then(
        ({ calls }) => {
          if (!disposed) store.getState().setCalls(calls);
        },
        // A console without voice answers unknown-method: no calls, nothing to show.
        () => undefined,
      );
    void refresh();
    // Events missed while the link was down (host restart, reconnection): ask again once it is back.
    const offLink = consoleStore.subscribe((next, prev) => {
      if (next.link === 'open' && prev.link !== 'open') void refresh();
    });
    const offPrefs = store.subscribe((next, prev) => {
      if (next.volume !== prev.volume) prefs.set(VOLUME_PREF, String(next.volume));
      if (next.inputId !== prev.inputId) prefs.set(INPUT_PREF, next.inputId ?? '');
      if (next.outputId !== prev.outputId) prefs.set(OUTPUT_PREF, next.outputId ?? '');
    });
    return () => {
      disposed = true;
      offCalls();
      offLevel();
      offLink();
      offPrefs();
    };
  }, [api, store, consoleStore, prefs]);

  // The page's audio: on while a call is live, the microphone out only when the mode says so.
  useEffect(() => {
    const audio = call?.audio;
    if (!audio) return;
    let running = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    const offState = audio.onState(() => store.getState().set({ audio: audio.state() }));
    const sync = () => {
      const s = store.getState();
      const live = s.calls.some(isLive);
      if (live && !running) {
        running = true;
        audio.setVolume(s.volume);
        audio.start({ inputId: s.inputId, outputId: s.outputId }).catch((err: unknown) => {
          console.error('[veille] call audio failed to start', err);
          store.getState().set({ audio: { running: false, micLive: false, problem: 'unsupported' } });
        });
        let ticks = 0;
        poll = setInterval(() => {
          ticks += 1;
          store.getState().set(ticks % STATS_EVERY === 0 ? { localLevels: audio.levels(), stats: audio.stats() } : { localLevels: audio.levels() });
        }, LEVEL_POLL_MS);
      } else if (!live && running) {
        running = false;
        clearInterval(poll);
        audio.stop();
        store.getState().set({ localLevels: null, stats: null });
      }
      audio.setSending(running && shouldSend(s));
    };
    const offStore = store.subscribe((next, prev) => {
      if (next.volume !== prev.volume) audio.setVolume(next.volume);
      if (next.inputId !== prev.inputId && running) void audio.setInput(next.inputId);
      if (next.outputId !== prev.outputId && running) void audio.setOutput(next.outputId);
      if (next.calls !== prev.calls || next.pttHeld !== prev.pttHeld) sync();
    });
    sync();
    return () => {
      offStore();
      offState();
      clearInterval(poll);
      if (running) audio.stop();
    };
  }, [call, store]);

  // Shortcuts, anywhere on the console.
  useEffect(() => {
    const current = () => {
      const { openCaseId, cases } = consoleStore.getState();
      return activeCall(store.getState().calls, openCaseId, openCaseId ? cases[openCaseId]?.beaconId : undefined);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (isPttKey(e)) {
        const c = current();
        if (!c || c.mode !== 'ptt' || c.phase !== 'connected' || keyBelongsToFocus(e.target, true)) return;
        e.preventDefault();
        if (!e.repeat) ptt(api, store, t, c, true);
        return;
      }
      const action = callKeyAction(e);
      if (!action || keyBelongsToFocus(e.target, false)) return;
      const c = current();
      if (action.kind === 'call') {
        const caseId = consoleStore.getState().openCaseId;
        if (c || !caseId) return;
        e.preventDefault();
        void callBeacon(api, store, t, caseId);
        return;
      }
      if (!c) return;
      e.preventDefault();
      if (action.kind === 'mode') void setMode(api, store, t, c, action.mode);
      else if (action.kind === 'hangup') void hangup(api, store, t, c);
      else void beaconVolume(api, store, t, c, action.direction);
    };
    const release = () => {
      const c = current();
      if (c && store.getState().pttHeld) ptt(api, store, t, c, false);
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.code === 'Space') release();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    // A key released while the window lost the focus never sends its keyup: stop talking then.
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', release);
    };
  }, [api, store, consoleStore, t]);
}

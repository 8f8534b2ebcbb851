/**
 * The voice requests as the panel and the shortcuts send them. A refusal (no owned open
 * case, no voice service, a beacon that does not answer) is kept in the call store for the
 * panel to show: main's sentence, which says why (privacy guard), rather than a generic one.
 */
import type { TFunction } from 'i18next';
import type { ApiClient, CallView, VoiceMode } from '@shared/contract';
import { isLinkLost } from '../../platform';
import { toApiError } from '../../platform/errors';
import { errorMessage } from '../../api/errors';
import type { CallStore } from './call-store';

export function refusalText(t: TFunction, err: unknown): string {
  if (isLinkLost(err)) return t('errors.linkLost');
  const e = toApiError(err);
  return e.message && e.code !== 'internal' ? e.message : errorMessage(t, err);
}

async function run(store: CallStore, t: TFunction, caseId: string | null, busyKey: string, send: () => Promise<CallView>): Promise<CallView | null> {
  const s = store.getState();
  if (s.busy[busyKey]) return null;
  s.setBusy(busyKey, true);
  try {
    const call = await send();
    store.getState().mergeCall(call);
    store.getState().set({ refusal: null });
    return call;
  } catch (err) {
    store.getState().set({ refusal: { caseId, message: refusalText(t, err) } });
    return null;
  } finally {
    store.getState().setBusy(busyKey, false);
  }
}

export function callBeacon(api: ApiClient, store: CallStore, t: TFunction, caseId: string, mode: VoiceMode = 'listen') {
  return run(store, t, caseId, `case:${caseId}`, () => api.invoke('voice.callBeacon', { caseId, mode }));
}

export function setMode(api: ApiClient, store: CallStore, t: TFunction, call: CallView, mode: VoiceMode) {
  if (call.mode === mode) return Promise.resolve(call);
  return run(store, t, call.caseId, call.callId, () => api.invoke('voice.setMode', { callId: call.callId, mode }));
}

export function hangup(api: ApiClient, store: CallStore, t: TFunction, call: CallView) {
  return run(store, t, call.caseId, call.callId, () => api.invoke('voice.hangup', { callId: call.callId }));
}

export function beaconVolume(api: ApiClient, store: CallStore, t: TFunction, call: CallView, direction: 'up' | 'down') {
  return run(store, t, call.caseId, `${call.callId}:volume`, () => api.invoke('voice.beaconVolume', { callId: call.callId, direction }));
}

export function testCall(api: ApiClient, store: CallStore, t: TFunction, beaconId: string, reason: string) {
  return run(store, t, null, `test:${beaconId}`, () => api.invoke('voice.testCall', { beaconId, reason }));
}

/**
 * Push-to-talk: the page starts (or stops) sending at once; main is told in the same
 * breath and gates what reaches the beacon as well. Never marked busy: a release must
 * always go out, even while the press is still on its way.
 */
export function ptt(api: ApiClient, store: CallStore, t: TFunction, call: CallView, down: boolean): void {
  if (store.getState().pttHeld === down) return;
  store.getState().set({ pttHeld: down });
  api.invoke('voice.ptt', { callId: call.callId, down }).then(
    (c) => store.getState().mergeCall(c),
    (err: unknown) => {
      if (down) store.getState().set({ pttHeld: false });
      store.getState().set({ refusal: { caseId: call.caseId, message: refusalText(t, err) } });
    },
  );
}

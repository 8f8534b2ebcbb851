/**
 * The only place that touches `window`, `location` and `sessionStorage`.
 * It hands the app an ApiClient without the app knowing which transport backs it.
 */
import type { ApiClient } from '@shared/contract';
import { browserAudio, type AudioOutput } from './audio';
import { browserCallPlatform, type CallPlatform } from './audio-voice';
import { linkLostError } from './errors';
import { createIpcClient, isBridge } from './ipc-client';
import { alwaysOpenLink, type LinkStatus } from './link';
import { browserPrefs, type PrefStore } from './storage';
import { createSessionCheck, sessionCheckUrl, type FetchLike } from './session-check';
import { createWsClient, type SocketLike } from './ws-client';

export type { AudioOutput } from './audio';
export type { CallPlatform } from './audio-voice';
export type { LinkProblem, LinkState, LinkStatus } from './link';
export type { PrefStore } from './storage';
export { isLinkLost } from './errors';

/** Everything the app receives at boot. */
export type Platform = { api: ApiClient; link: LinkStatus; prefs: PrefStore; audio: AudioOutput; call: CallPlatform };

const TOKEN_KEY = 'veille.token';

/** Reads the browser-mode token from the URL (then sessionStorage) and removes it from the address bar. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* a reload will then need the URL again */
    }
    url.searchParams.delete('token');
    // Keep the token out of history, screenshots and shoulder-surfing.
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function createApiClient(): { api: ApiClient; link: LinkStatus } {
  const bridge = (window as unknown as { veilleApi?: unknown }).veilleApi;
  if (isBridge(bridge)) return { api: createIpcClient(bridge), link: alwaysOpenLink };
  const token = takeToken();
  if (!token) {
    // Without the launch token the host refuses the socket: say so instead of retrying forever.
    const api: ApiClient = {
      invoke: (method) => Promise.reject(linkLostError(method)),
      on: () => () => {},
    };
    return { api, link: { get: () => 'closed', subscribe: () => () => {}, problem: 'missing-token' } };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
  const checkSession = createSessionCheck({
    fetch: window.fetch.bind(window) as unknown as FetchLike,
    url: sessionCheckUrl(window.location.origin, token),
  });
  const client = createWsClient({ url, createSocket: (u) => new WebSocket(u) as unknown as SocketLike, checkSession });
  return { api: client, link: client.link };
}

export function createPlatform(): Platform {
  return { ...createApiClient(), prefs: browserPrefs(), audio: browserAudio(), call: browserCallPlatform(takeToken) };
}

/** Keeps `<html lang>` in step with the UI language (screen readers pick their voice from it). */
export function setDocumentLanguage(lang: string): void {
  document.documentElement.lang = lang;
}

/**
 * What the call feature gets from the platform: the audio engine on the right link
 * (Electron MessagePort or browser-mode socket) and the address of a recording for the
 * page's player. The feature never asks which runtime it is in.
 */
import { browserCallAudio, type CallAudio } from './audio-call';
import { createAudioLink, isAudioBridge } from './audio-link';

export interface CallPlatform {
  audio: CallAudio;
  /**
   * A recording's URL as the page's <audio> and fetch() must use it: browser mode adds the
   * launch token (a media element cannot send a header); Electron's app:// needs none.
   */
  mediaUrl(url: string): string;
}

export function browserCallPlatform(token: () => string | null, win: Window = window): CallPlatform {
  const electron = isAudioBridge((win as unknown as { veilleAudio?: unknown }).veilleAudio);
  return {
    audio: browserCallAudio(createAudioLink(token, win)),
    mediaUrl(url) {
      const t = electron ? null : token();
      if (!t) return url;
      const u = new URL(url, win.location.href);
      u.searchParams.set('token', t);
      return u.pathname + u.search;
    },
  };
}

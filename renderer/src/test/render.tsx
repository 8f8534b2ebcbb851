/** Renders the whole app against a FakeApiClientMock, as main.tsx does against the real host. */
import { render } from '@testing-library/react';
import { App } from '../App';
import { createI18n, type Language } from '../i18n';
import type { AudioOutput } from '../platform/audio';
import type { CallPlatform } from '../platform/audio-voice';
import { memoryPrefs } from '../platform/storage';
import { alwaysOpenLink, type LinkStatus } from '../platform/link';
import { bindStore } from '../store/bind';
import { createConsoleStore } from '../store/store';
import { FakeApiClientMock } from './FakeApiClientMock';

export function renderApp(opts: { api?: FakeApiClientMock; lang?: Language; link?: LinkStatus; prefs?: Record<string, string>; audio?: AudioOutput; call?: CallPlatform } = {}) {
  const api = opts.api ?? new FakeApiClientMock();
  const store = createConsoleStore();
  const prefs = memoryPrefs(opts.prefs);
  const unbind = bindStore(api, opts.link ?? alwaysOpenLink, store);
  const i18n = createI18n(opts.lang ?? 'fr');
  const view = render(<App services={{ api, store, prefs, audio: opts.audio ?? null, call: opts.call ?? null }} i18n={i18n} />);
  return { ...view, api, store, prefs, i18n, unbind };
}

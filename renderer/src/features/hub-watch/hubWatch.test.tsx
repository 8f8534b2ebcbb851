// @vitest-environment jsdom
// A console cut off from its hub must be loud: a red banner and a warning tone, after 5 s.
// The tone goes to a recording function (jsdom has no Web Audio); the decisions are the real code.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeHub, makeSession } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import { createConsoleStore } from '../../store/store';
import { startHubWatch } from './hub-watch';

const BANNER = 'Hub injoignable — les nouvelles alarmes n’arrivent plus sur ce poste';

describe('hub watch', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  function setup(loggedIn = true) {
    const store = createConsoleStore();
    store.getState().setLink('open');
    store.getState().setSession(makeSession(loggedIn ? undefined : null));
    let plays = 0;
    const stop = startHubWatch({ store, play: () => void plays++ });
    return { store, plays: () => plays, stop };
  }

  it('says nothing for a short cut, then raises the banner and the tone after 5 s, repeating every 10 s', () => {
    const { store, plays, stop } = setup();
    store.getState().setHub(makeHub({ connected: false, lastError: 'ECONNREFUSED' }));
    vi.advanceTimersByTime(5_000);
    expect(store.getState().hubDown).toBe(false);
    expect(plays()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(store.getState().hubDown).toBe(true);
    expect(plays()).toBe(1);
    vi.advanceTimersByTime(9_000);
    expect(plays()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(plays()).toBe(2);
    vi.advanceTimersByTime(20_000);
    expect(plays()).toBe(4);
    // The hub is back: the banner goes at once and the tone stops.
    store.getState().setHub(makeHub({ connected: true }));
    expect(store.getState().hubDown).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(plays()).toBe(4);
    stop();
  });

  it('forgets a short cut: a new one waits its own 5 s', () => {
    const { store, plays, stop } = setup();
    store.getState().setHub(makeHub({ connected: false }));
    vi.advanceTimersByTime(4_000);
    store.getState().setHub(makeHub({ connected: true }));
    vi.advanceTimersByTime(1_000);
    store.getState().setHub(makeHub({ connected: false }));
    vi.advanceTimersByTime(4_000);
    expect(plays()).toBe(0);
    expect(store.getState().hubDown).toBe(false);
    stop();
  });

  it('rings, without the hub banner, when the link to the console host itself is lost', () => {
    const { store, plays, stop } = setup();
    store.getState().setLink('closed');
    vi.advanceTimersByTime(6_000);
    expect(plays()).toBe(1);
    expect(store.getState().hubDown).toBe(false);
    stop();
  });

  it('stays quiet before login and while muted', () => {
    const out = setup(false);
    out.store.getState().setHub(makeHub({ connected: false }));
    vi.advanceTimersByTime(30_000);
    expect(out.plays()).toBe(0);
    expect(out.store.getState().hubDown).toBe(false);
    out.stop();

    const muted = setup();
    muted.store.getState().mute(Date.now());
    muted.store.getState().setHub(makeHub({ connected: false }));
    vi.advanceTimersByTime(30_000);
    expect(muted.plays()).toBe(0);
    expect(muted.store.getState().hubDown).toBe(true);
    muted.stop();
  });
});

describe('hub down banner', () => {
  withLayoutStub();

  it('appears across the top as an alert after 5 s without the hub, and goes when the hub is back', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => [makeCase()]);
    renderApp({ api });
    await screen.findByRole('list', { name: 'File des alarmes' });
    act(() => api.emit('hub.status', makeHub({ connected: false, lastError: 'ECONNREFUSED' })));
    act(() => void vi.advanceTimersByTime(3_000));
    expect(screen.queryByText(BANNER)).toBeNull();
    act(() => void vi.advanceTimersByTime(3_000));
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toBe(BANNER);
    // Above everything else on the page.
    expect(document.querySelector('[role="alert"]')).toBe(banner);
    act(() => api.emit('hub.status', makeHub({ connected: true })));
    expect(screen.queryByText(BANNER)).toBeNull();
  });
});

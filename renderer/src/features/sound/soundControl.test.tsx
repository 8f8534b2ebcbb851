// @vitest-environment jsdom
// The sound state is always visible: blocked → click to enable; on → mute 2 min; muted → click to unmute;
// a mute survives a reload of the page.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { FakeAudioMock } from '../../test/FakeAudioMock';
import { makeSession } from '../../test/fixtures';
import { renderApp } from '../../test/render';

afterEach(cleanup);

describe('sound control', () => {
  it('asks for a click when the browser blocked audio, then offers a mute that shows its countdown', async () => {
    const audio = new FakeAudioMock(false);
    renderApp({ api: new FakeApiClientMock().handle('session.get', () => makeSession()), audio });
    fireEvent.click(await screen.findByRole('button', { name: 'Son bloqué — cliquer pour activer' }));
    expect(audio.resumeCalls).toBe(1);
    fireEvent.click(await screen.findByRole('button', { name: 'Couper le son 2 min' }));
    const muted = await screen.findByRole('button', { name: /^Son coupé — reprise dans 0[12]:\d\d$/ });
    fireEvent.click(muted);
    expect(await screen.findByRole('button', { name: 'Couper le son 2 min' })).toBeTruthy();
  });

  it('keeps a running mute across a reload, and lets it lapse by itself', async () => {
    const until = Date.now() + 90_000;
    const first = renderApp({ api: new FakeApiClientMock().handle('session.get', () => makeSession()), audio: new FakeAudioMock(true) });
    fireEvent.click(await screen.findByRole('button', { name: 'Couper le son 2 min' }));
    expect(Number(first.prefs.get('soundMuteUntil'))).toBeGreaterThan(Date.now());
    cleanup();
    // The page reloads: its preferences are what the platform kept.
    renderApp({ api: new FakeApiClientMock().handle('session.get', () => makeSession()), audio: new FakeAudioMock(true), prefs: { soundMuteUntil: String(until) } });
    expect(await screen.findByRole('button', { name: /^Son coupé — reprise dans 01:[23]\d$/ })).toBeVisible();
    cleanup();
    // A mute that ended while the page was closed does not come back.
    renderApp({ api: new FakeApiClientMock().handle('session.get', () => makeSession()), audio: new FakeAudioMock(true), prefs: { soundMuteUntil: String(Date.now() - 1000) } });
    expect(await screen.findByRole('button', { name: 'Couper le son 2 min' })).toBeVisible();
  });

  it('warns when this browser has no Web Audio at all', async () => {
    renderApp({ api: new FakeApiClientMock().handle('session.get', () => makeSession()) });
    expect(await screen.findByText(/Son indisponible/)).toBeTruthy();
  });
});

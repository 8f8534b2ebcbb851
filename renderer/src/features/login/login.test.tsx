// @vitest-environment jsdom
// Login screen and language: what an operator sees before the queue.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { FakeAudioMock } from '../../test/FakeAudioMock';
import { makeCase, makeSession } from '../../test/fixtures';
import { renderApp } from '../../test/render';

afterEach(cleanup);

function fillAndSubmit(user = 'op1', pass = 'secret') {
  fireEvent.change(screen.getByLabelText('Identifiant'), { target: { value: user } });
  fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: pass } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('login', () => {
  it('is in French by default and labels demo mode', async () => {
    renderApp();
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
    expect(screen.getByLabelText('Mot de passe')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeTruthy();
    expect(screen.getByText('MODE DÉMO — balises simulées, aucun appel réel')).toBeTruthy();
  });

  it('does not show the demo banner against a real hub', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession(null, { demo: false }));
    renderApp({ api });
    await screen.findByLabelText('Identifiant');
    expect(screen.queryByText(/MODE DÉMO/)).toBeNull();
  });

  it('says clearly when the credentials are wrong, and clears the password', async () => {
    const api = new FakeApiClientMock().fail('session.login', 'bad-credentials');
    renderApp({ api });
    await screen.findByLabelText('Identifiant');
    fillAndSubmit('op1', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toContain('Identifiant ou mot de passe incorrect.');
    expect((screen.getByLabelText('Mot de passe') as HTMLInputElement).value).toBe('');
    expect(api.callsOf('session.login')).toEqual([{ username: 'op1', password: 'wrong' }]);
  });

  it('says when the hub cannot be reached', async () => {
    renderApp({ api: new FakeApiClientMock().fail('session.login', 'hub-unreachable') });
    await screen.findByLabelText('Identifiant');
    fillAndSubmit();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Hub injoignable/);
  });

  it('opens the console after login, loads the queue and unlocks audio with the click', async () => {
    const api = new FakeApiClientMock()
      .handle('session.login', () => makeSession({ displayName: 'Opérateur 1' }))
      .handle('cases.list', () => [makeCase({ siteName: 'École Jules Ferry' })]);
    const audio = new FakeAudioMock(false);
    renderApp({ api, audio });
    await screen.findByLabelText('Identifiant');
    fillAndSubmit();
    expect(await screen.findByRole('list', { name: 'File des alarmes' })).toBeTruthy();
    expect(screen.getByText('Opérateur 1')).toBeTruthy();
    expect(screen.getByText('Hub connecté')).toBeTruthy();
    expect(screen.getByText('MODE DÉMO')).toBeTruthy();
    expect(audio.resumeCalls).toBe(1);
    expect(api.callsOf('cases.list')).toHaveLength(1);
  });
});

describe('language', () => {
  it('switches to English and remembers the choice', async () => {
    const view = renderApp();
    await screen.findByLabelText('Identifiant');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByLabelText('Username')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByText('DEMO MODE — simulated beacons, no real calls')).toBeTruthy();
    expect(view.prefs.get('lang')).toBe('en');
  });

  it('starts in the saved language', async () => {
    renderApp({ lang: 'en' });
    expect(await screen.findByLabelText('Password')).toBeTruthy();
  });

  it('shows the hub as unreachable in the top bar', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession(undefined, { connected: false, lastError: 'ECONNREFUSED' }));
    renderApp({ api });
    await waitFor(() => expect(screen.getByText('Hub injoignable')).toBeTruthy());
  });
});

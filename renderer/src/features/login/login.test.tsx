// @vitest-environment jsdom
// Login screen and language: what an operator sees before the queue.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
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
    expect(await screen.findByLabelText('Identifiant')).toBeVisible();
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
    expect(await screen.findByRole('list', { name: 'File des alarmes' })).toBeVisible();
    expect(screen.getByText('Opérateur 1')).toBeTruthy();
    expect(screen.getByText('Hub connecté')).toBeTruthy();
    expect(screen.getByText('MODE DÉMO')).toBeTruthy();
    expect(audio.resumeCalls).toBe(1);
    expect(api.callsOf('cases.list')).toHaveLength(1);
  });
});

describe('session ended by the hub', () => {
  it('returns to the login screen and says why, in French', async () => {
    const api = new FakeApiClientMock()
      .handle('session.get', () => makeSession({ displayName: 'Opérateur 1' }))
      .handle('cases.list', () => [makeCase({ siteName: 'École Jules Ferry' })]);
    renderApp({ api });
    expect(await screen.findByRole('list', { name: 'File des alarmes' })).toBeVisible();
    act(() => api.emit('session.changed', { ...makeSession(null), ended: { reason: 'password-changed', at: new Date().toISOString() } }));
    expect(await screen.findByLabelText('Identifiant')).toBeVisible();
    expect(screen.getByRole('alert').textContent).toBe('Session terminée : votre mot de passe a été changé. Reconnectez-vous.');
    expect(screen.queryByText('École Jules Ferry')).toBeNull();
  });

  it('says so in English too, and the notice goes once the operator logs in again', async () => {
    const api = new FakeApiClientMock()
      .handle('session.get', () => ({ ...makeSession(null), ended: { reason: 'account-removed', at: new Date().toISOString() } }))
      .handle('session.login', () => makeSession());
    renderApp({ api, lang: 'en' });
    expect((await screen.findByRole('alert')).textContent).toBe('Session ended: your account was removed. Contact your supervisor.');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'op1' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.queryByLabelText('Username')).toBeNull());
    expect(screen.queryByText(/Session ended/)).toBeNull();
    // Logged out later (a plain logout): the old reason does not come back.
    act(() => api.emit('session.changed', makeSession(null)));
    expect(await screen.findByLabelText('Username')).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('language', () => {
  it('switches to English and remembers the choice', async () => {
    const view = renderApp();
    await screen.findByLabelText('Identifiant');
    fireEvent.click(screen.getByRole('button', { name: /English/ }));
    expect(await screen.findByLabelText('Username')).toBeVisible();
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

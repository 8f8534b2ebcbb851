// @vitest-environment jsdom
// The sound state is always visible: blocked → click to enable; on → mute 2 min; muted → click to unmute.
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

  it('warns when this browser has no Web Audio at all', async () => {
    renderApp({ api: new FakeApiClientMock().handle('session.get', () => makeSession()) });
    expect(await screen.findByText(/Son indisponible/)).toBeTruthy();
  });
});

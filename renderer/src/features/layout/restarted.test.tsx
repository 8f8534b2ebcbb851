// @vitest-environment jsdom
// The console host restarted with a new address: the old page must not pose as a live console.
import { describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import { createLinkStatus } from '../../platform/link';

withLayoutStub();

describe('console host restarted', () => {
  it('keeps the reconnecting banner while the host is merely away, then blocks the page with a clear message once the token is refused', async () => {
    const link = createLinkStatus('open');
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => [makeCase()]);
    renderApp({ api, link });
    await screen.findByRole('list', { name: 'File des alarmes' });

    act(() => link.set('closed'));
    expect(screen.getByRole('alert').textContent).toMatch(/^Liaison avec l’hôte de la console perdue — reconnexion en cours/);
    expect(screen.getByRole('list', { name: 'File des alarmes' })).toBeTruthy();

    act(() => link.setProblem('token-refused'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'Cette console a redémarré avec une nouvelle adresse : ouvrez l’adresse affichée au lancement (avec son jeton).',
    );
    // The stale queue and its buttons are gone: nothing left to click that could not work.
    expect(screen.queryByRole('list', { name: 'File des alarmes' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

// @vitest-environment jsdom
// The map section without WebGL (jsdom has none, as a workstation without a GPU driver may
// not): a clear message, the facts as text, the copy key still answering; the wall view's
// way in for supervisors only. The drawn map is tested in Chromium (e2e/map.spec.ts).
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import type { Role } from '@shared/domain/operator';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

// MapLibre's first import under jsdom takes seconds on a shared machine.
const SLOW = { timeout: 30_000 };

async function openCase(c: Case, role: Role = 'operator', prefs: Record<string, string> = {}) {
  const api = new FakeApiClientMock().handle('session.get', () => makeSession({ role })).handle('cases.list', () => [c]);
  const view = renderApp({ api, prefs });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  return view;
}

describe('case map without WebGL', () => {
  it('says the map is unavailable, keeps the position as text, and A answers without crashing', async () => {
    await openCase(makeCase());
    expect(await screen.findByText(/Carte indisponible sur ce poste/, undefined, SLOW)).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Carte' })).toBeVisible();
    expect((await screen.findByText(/47\.27350, -2\.21380 \(précision non transmise, transmise avec l’alarme/, undefined, SLOW)).tagName).toBe('DD');
    const copy = screen.getByRole('button', { name: 'Copier adresse et accès (A)' });
    expect(copy.getAttribute('aria-keyshortcuts')).toBe('A');
    fireEvent.keyDown(document.body, { key: 'a' });
    // jsdom has no clipboard: the operator is told, and pointed at the address on screen.
    expect((await screen.findByText(/Copie impossible \(presse-papiers indisponible sur cette page\) : lisez l’adresse ci-dessus/)).dataset.testid).toBe('map-copy-status');
  }, 60_000);

  it('Mapbox chosen without a token: the notice, never a blank section', async () => {
    await openCase(makeCase(), 'operator', { 'map.engine': 'mapbox' });
    expect(await screen.findByText(/Moteur Mapbox demandé sans jeton Mapbox/, undefined, SLOW)).toBeVisible();
  }, 60_000);
});

describe('wall view', () => {
  it('is offered to a supervisor, not to an operator, shows the open cases count and the map settings', async () => {
    const view = await openCase(makeCase(), 'supervisor');
    fireEvent.click(screen.getByRole('button', { name: 'Vue murale' }));
    expect(await screen.findByRole('heading', { name: 'Vue murale — dossiers ouverts' }, SLOW)).toBeVisible();
    expect(screen.getByTestId('wall-counts').textContent).toContain('1 dossiers · P1 1');
    // The map settings: Mapbox chosen, no token → the notice before saving.
    fireEvent.click(screen.getByRole('button', { name: 'Réglages de la carte' }));
    const dialog = await screen.findByRole('dialog', { name: 'Réglages de la carte (ce poste)' });
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Mapbox/ }));
    expect(within(dialog).getByText(/sans jeton Mapbox/)).toBeVisible();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect(view.prefs.get('map.engine')).toBe('mapbox');
    fireEvent.click(screen.getByRole('button', { name: 'Retour à la console' }));
    expect(await screen.findByRole('list', { name: 'File des alarmes' })).toBeVisible();
  }, 60_000);

  it('an operator has no wall view button', async () => {
    await openCase(makeCase());
    expect(screen.queryByRole('button', { name: 'Vue murale' })).toBeNull();
  }, 60_000);
});

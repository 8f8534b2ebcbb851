// @vitest-environment jsdom
// The case's site plan (a small plan at Collège Anita Conti, plan-fixture.ts): the beacon's room highlighted
// on its floor, the floor switch, the PPMS facts, access codes for the case's owner only,
// and an admin placing a beacon from the keyboard.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, OP1 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import { FIXTURE_CARD as card } from './plan-fixture';

withLayoutStub();

const site = card.site;

async function openCase(c: Case, role: 'operator' | 'admin' = 'operator') {
  const api = new FakeApiClientMock()
    .handle('session.get', () => makeSession({ ...OP1, role }))
    .handle('cases.list', () => [c])
    .handle('directory.beacon', ({ beaconId }) => ({ beacon: card.beacons.find((b) => b.id === beaconId)!, card }))
    .handle('directory.accessCodes', () => ({ siteId: site.id, codes: [{ label: 'Portail principal', code: '4821' }] }));
  const view = renderApp({ api });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  await screen.findByTestId('site-plan');
  return view;
}

const conti = (over: Partial<Case> = {}) => makeCase({ beaconId: 'SN-PPMS-017', siteId: site.id, siteName: site.name, ...over });

describe('case site plan', () => {
  it("highlights the beacon's room on its floor and switches floors", async () => {
    await openCase(conti());
    const svg = screen.getByTestId('site-plan');
    expect(svg).toHaveAttribute('data-floor', '1');
    expect(screen.getByTestId('plan-focus-room')).toHaveTextContent('Balise SN-PPMS-017 : Salle 107 — 1er étage');
    const lit = svg.querySelectorAll('[data-highlighted]');
    expect(lit).toHaveLength(1);
    expect(lit[0]).toHaveAccessibleName('Salle 107 — salle de la balise');
    expect(within(svg).getByRole('img', { name: 'Salle 105 — salle de mise à l’abri' })).toBeVisible();
    expect(within(svg).getByRole('img', { name: /^Balise SN-PPMS-017/ })).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: 'Afficher le niveau Rez-de-chaussée' }));
    expect(svg).toHaveAttribute('data-floor', '0');
    expect(svg.querySelectorAll('[data-highlighted]')).toHaveLength(0);
    expect(within(svg).getByRole('img', { name: 'CDI — salle de mise à l’abri' })).toBeVisible();
    expect(within(svg).getByRole('img', { name: /^Balise SN-PPMS-016/ })).toBeVisible();
    expect(within(svg).getByRole('img', { name: 'Point de rassemblement : Point de rassemblement — cour' })).toBeVisible();
    expect(within(svg).getByRole('img', { name: 'Accès secours : Accès pompiers (portail à double battant)' })).toBeVisible();
    expect(screen.getByText('CDI (rez-de-chaussée) · Salle 105 (1er étage)')).toBeVisible();
  });

  it('offers the access codes to the owner of the open case only', async () => {
    await openCase(conti({ status: 'claimed', owner: { operatorId: OP1.id, displayName: OP1.displayName } }));
    fireEvent.click(screen.getByRole('button', { name: 'Afficher les codes d’accès' }));
    expect(await screen.findByText('4821')).toBeVisible();
  });

  it('shows no access-code button on a case owned by someone else', async () => {
    await openCase(conti({ status: 'claimed', owner: { operatorId: 'op-2', displayName: 'Autre' } }));
    expect(screen.queryByRole('button', { name: 'Afficher les codes d’accès' })).toBeNull();
  });

  it('lets an admin move a beacon with the arrow keys and place it with Enter (one edit)', async () => {
    const { api } = await openCase(conti(), 'admin');
    const edits: unknown[] = [];
    api.handle('directory.edit', (args) => {
      edits.push(args);
      return { revision: 9, at: new Date().toISOString(), actor: null, op: 'beacon.place', entityId: 'SN-PPMS-017', summary: 'emplacement', site: null, beacon: null, accessCodeCount: null };
    });
    const marker = within(screen.getByTestId('site-plan')).getByRole('button', { name: /^Balise SN-PPMS-017.*Flèches pour la déplacer/ });
    marker.focus();
    fireEvent.keyDown(marker, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(marker, { key: 'ArrowRight', shiftKey: true });
    expect(edits).toHaveLength(0);
    fireEvent.keyDown(marker, { key: 'Enter' });
    await waitFor(() => expect(edits).toHaveLength(1));
    const edit = edits[0] as { op: string; beaconId: string; floor: string; position: { lat: number; lon: number } };
    expect(edit).toMatchObject({ op: 'beacon.place', beaconId: 'SN-PPMS-017', floor: '1' });
    const before = card.beacons.find((b) => b.id === 'SN-PPMS-017')!.placement!.position;
    // Ten metres east, on the ground: about 0.00013° of longitude at Saint-Nazaire.
    expect(edit.position.lon - before.lon).toBeCloseTo(0.000132, 4);
    expect(edit.position.lat).toBeCloseTo(before.lat, 6);
  });
});

// @vitest-environment jsdom
// Logging out while holding cases: the operator is asked, releases go through cases.release,
// and a release the hub refuses keeps the operator logged in and names the case.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '@shared/contract';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { applied, makeCase, makeSession, OP1, OP2 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

const mine = { operatorId: OP1.id, displayName: OP1.displayName };
const held = [
  makeCase({ id: 'h1', status: 'claimed', owner: mine, version: 2, siteName: 'École Jean Jaurès' }),
  makeCase({ id: 'h2', status: 'claimed', owner: mine, version: 2, priority: 2, kind: 'ppms.confinement', siteName: 'Collège Anne de Bretagne' }),
];
const others = makeCase({ id: 'o1', status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName }, version: 2, siteName: 'Crèche' });
const free = makeCase({ id: 'f1', priority: 3, kind: 'device.tamper', siteName: 'Salle libre' });

function setup(cases = [...held, others, free]) {
  const api = new FakeApiClientMock()
    .handle('session.get', () => makeSession())
    .handle('cases.list', () => cases)
    .handle('cases.release', ({ caseId }) => applied(makeCase({ ...cases.find((c) => c.id === caseId)!, status: 'open', owner: null, claimedAt: null, version: 3 })))
    .handle('session.logout', () => makeSession(null));
  renderApp({ api });
  return api;
}

async function clickLogout() {
  fireEvent.click(await screen.findByRole('button', { name: 'Se déconnecter' }));
}

describe('logout', () => {
  it('logs out at once when the operator holds nothing', async () => {
    const api = setup([others, free]);
    await screen.findAllByRole('listitem');
    await clickLogout();
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
    expect(api.callsOf('session.logout')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks first when cases are held, and « Annuler » changes nothing', async () => {
    const api = setup();
    await screen.findAllByRole('listitem');
    await clickLogout();
    const dialog = await screen.findByRole('dialog', { name: 'Se déconnecter' });
    expect(within(dialog).getByText('Vous avez 2 dossiers pris en charge.')).toBeTruthy();
    expect(within(dialog).getByText('École Jean Jaurès')).toBeTruthy();
    expect(within(dialog).queryByText('Crèche')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsOf('cases.release')).toEqual([]);
    expect(api.callsOf('session.logout')).toEqual([]);
  });

  it('« Relâcher et se déconnecter » releases each held case, then logs out', async () => {
    const api = setup();
    await screen.findAllByRole('listitem');
    await clickLogout();
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Relâcher et se déconnecter' }));
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
    expect(api.callsOf('cases.release')).toEqual([{ caseId: 'h1' }, { caseId: 'h2' }]);
    expect(api.callsOf('session.logout')).toHaveLength(1);
  });

  it('stays logged in and names the case when a release is refused', async () => {
    const api = setup();
    api.handle('cases.release', ({ caseId }) => {
      if (caseId === 'h2') throw new ApiError('hub-unreachable', 'hub down');
      return applied(makeCase({ ...held[0]!, status: 'open', owner: null, claimedAt: null, version: 3 }));
    });
    await screen.findAllByRole('listitem');
    await clickLogout();
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Relâcher et se déconnecter' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Ce dossier n’a pas pu être relâché ; vous restez connecté');
    expect(alert.textContent).toContain('PPMS — Confinement, Collège Anne de Bretagne — Hub injoignable');
    expect(alert.textContent).not.toContain('École Jean Jaurès');
    expect(api.callsOf('session.logout')).toEqual([]);
    // The released one went back to the queue; the count now says what is still held.
    expect(within(dialog).getByText('Vous avez 1 dossier pris en charge.')).toBeTruthy();
    // Still logged in: the console (behind the dialog) is still there.
    expect(screen.getByRole('list', { name: 'File des alarmes', hidden: true })).toBeTruthy();
  });

  it('« Se déconnecter quand même » logs out and leaves the cases held', async () => {
    const api = setup();
    await screen.findAllByRole('listitem');
    await clickLogout();
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Se déconnecter quand même' }));
    expect(await screen.findByLabelText('Identifiant')).toBeTruthy();
    expect(api.callsOf('cases.release')).toEqual([]);
    expect(api.callsOf('session.logout')).toHaveLength(1);
  });
});

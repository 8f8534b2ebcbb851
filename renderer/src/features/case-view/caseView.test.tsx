// @vitest-environment jsdom
// The case view: claim, refusal, release, the closure dialog (its history: history/caseHistory.test.tsx).
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import type { Role } from '@shared/domain/operator';
import type { Language } from '../../i18n';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { applied, makeCase, makeSession, noScriptView, OP1, OP2 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import { linkLostError } from '../../platform/errors';
import { createLinkStatus } from '../../platform/link';

withLayoutStub();

const mine = { operatorId: OP1.id, displayName: OP1.displayName };

async function openCase(c: Case, api = new FakeApiClientMock(), opts: { role?: Role; lang?: Language } = {}) {
  api.handle('session.get', () => makeSession({ role: opts.role ?? 'operator' })).handle('cases.list', () => [c]);
  const view = renderApp({ api, ...(opts.lang ? { lang: opts.lang } : {}) });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  return view;
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;


describe('case view', () => {
  it('shows what, where and when', async () => {
    await openCase(makeCase({ beaconId: 'SN-PPMS-017', drill: true, priority: 2 }));
    expect(screen.getByRole('heading', { name: 'PPMS — Intrusion / attentat' })).toBeTruthy();
    expect(screen.getByText('SN-PPMS-017')).toBeTruthy();
    expect(screen.getByText('47.27350, -2.21380')).toBeTruthy();
    expect(screen.getAllByText('EXERCICE').length).toBeGreaterThan(0);
    expect(screen.getByText('Non pris en charge', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByTestId('case-map')).toBeVisible();
  });

  it('claims through cases.claim and then offers release and closure', async () => {
    const api = new FakeApiClientMock().handle('cases.claim', ({ caseId }) =>
      applied(makeCase({ id: caseId, version: 2, status: 'claimed', owner: mine, claimedAt: new Date().toISOString() })),
    );
    await openCase(makeCase(), api);
    expect(button('Relâcher').disabled).toBe(true);
    expect(button('Clôturer').disabled).toBe(true);
    fireEvent.click(button('Prendre en charge'));
    await waitFor(() => expect(button('Clôturer').disabled).toBe(false));
    expect(api.callsOf('cases.claim')).toEqual([{ caseId: 'case-1' }]);
    expect(button('Prendre en charge').disabled).toBe(true);
    expect(button('Relâcher').disabled).toBe(false);
    expect(screen.getByText('Pris en charge par vous', { selector: 'dd' })).toBeTruthy();
  });

  it('says who has the case when the claim is refused', async () => {
    const api = new FakeApiClientMock().fail('cases.claim', 'already-claimed', { owner: { operatorId: OP2.id, displayName: 'Opérateur 2' } });
    await openCase(makeCase(), api);
    fireEvent.click(button('Prendre en charge'));
    expect((await screen.findByRole('alert')).textContent).toContain('Déjà pris en charge par Opérateur 2');
  });

  it('says the outcome is unknown when the link drops during a claim', async () => {
    const api = new FakeApiClientMock().handle('cases.claim', () => {
      throw linkLostError('cases.claim');
    });
    await openCase(makeCase(), api);
    fireEvent.click(button('Prendre en charge'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/action non confirmée/);
  });

  it('shows an operator who owns a case taken by someone else and disables every action', async () => {
    await openCase(makeCase({ status: 'claimed', owner: { operatorId: OP2.id, displayName: 'Opérateur 2' } }), new FakeApiClientMock(), { role: 'operator' });
    expect(screen.getByText('Pris en charge par Opérateur 2 : actions réservées à cet opérateur.')).toBeTruthy();
    expect(screen.getByText('Pris en charge par Opérateur 2', { selector: 'dd' })).toBeTruthy();
    for (const name of ['Prendre en charge', 'Relâcher', 'Clôturer']) expect(button(name).disabled).toBe(true);
  });

  describe.each(['supervisor', 'admin'] as const)('a %s on a case someone else holds', (role) => {
    const held = () => makeCase({ version: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: 'Opérateur 2' } });

    it('releases it only after a confirmation that names the owner', async () => {
      const api = new FakeApiClientMock().handle('cases.release', ({ caseId }) => applied(makeCase({ id: caseId, version: 3 })));
      await openCase(held(), api, { role });
      expect(screen.getByText(/Pris en charge par Opérateur 2\. Votre rôle vous permet/)).toBeTruthy();
      expect(button('Prendre en charge').disabled).toBe(true);
      fireEvent.click(button('Relâcher'));
      let dialog = await screen.findByRole('dialog');
      expect(within(dialog).getByText('Ce dossier est pris en charge par Opérateur 2. Le relâcher quand même ?')).toBeTruthy();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(api.callsOf('cases.release')).toEqual([]);
      fireEvent.click(button('Relâcher'));
      dialog = await screen.findByRole('dialog');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Relâcher quand même' }));
      await waitFor(() => expect(button('Prendre en charge').disabled).toBe(false));
      expect(api.callsOf('cases.release')).toEqual([{ caseId: 'case-1' }]);
      expect(screen.getByText('Non pris en charge', { selector: 'dd' })).toBeTruthy();
    });

    it('closes it from a closure dialog that names the owner', async () => {
      const api = new FakeApiClientMock().handle('scripts.close', ({ caseId, closureCode }) => ({
        view: noScriptView(caseId),
        result: applied(makeCase({ id: caseId, version: 3, status: 'closed', owner: { operatorId: OP2.id, displayName: 'Opérateur 2' }, closureCode })),
      }));
      await openCase(held(), api, { role });
      fireEvent.click(button('Clôturer'));
      const dialog = await screen.findByRole('dialog');
      expect(within(dialog).getByText('Ce dossier est pris en charge par Opérateur 2. Le clôturer quand même ?')).toBeTruthy();
      fireEvent.click(await within(dialog).findByRole('radio', { name: '2 · Alarme réelle — résolue sur place' }));
      fireEvent.click(within(dialog).getByRole('button', { name: 'Confirmer la clôture' }));
      // The dialog's exit transition: generous, the machine is shared.
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
      expect(api.callsOf('scripts.close')).toEqual([{ caseId: 'case-1', closureCode: 'real-alarm-resolved-on-site' }]);
      expect(screen.getByText(/Clôturé : Alarme réelle — résolue sur place/)).toBeVisible();
    });
  });

  it('does not release when the case changed hands during the confirmation: it names the new owner and asks again', async () => {
    const api = new FakeApiClientMock().handle('cases.release', ({ caseId }) => applied(makeCase({ id: caseId, version: 4 })));
    const { api: live } = await openCase(makeCase({ version: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: 'Opérateur 2' } }), api, { role: 'supervisor' });
    fireEvent.click(button('Relâcher'));
    const dialog = await screen.findByRole('dialog');
    await act(async () => {
      live.emit('cases.changed', { case: makeCase({ version: 3, status: 'claimed', owner: { operatorId: 'op-3', displayName: 'Opérateur 3' } }) });
      await new Promise((r) => setTimeout(r, 40));
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Relâcher quand même' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/a changé de mains/);
    expect(within(dialog).getByText('Ce dossier est pris en charge par Opérateur 3. Le relâcher quand même ?')).toBeTruthy();
    expect(api.callsOf('cases.release')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Relâcher quand même' }));
    await waitFor(() => expect(api.callsOf('cases.release')).toEqual([{ caseId: 'case-1' }]));
  });

  it('asks a supervisor in English too', async () => {
    await openCase(makeCase({ version: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: 'Operator 2' } }), new FakeApiClientMock(), {
      role: 'supervisor',
      lang: 'en',
    });
    fireEvent.click(button('Release'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('This case is taken by Operator 2. Release it anyway?')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Release anyway' })).toBeTruthy();
  });

  it('disables actions while the link to the host is down, and says the queue may be stale', async () => {
    const link = createLinkStatus('open');
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => [makeCase()]);
    renderApp({ api, link });
    fireEvent.click(await screen.findByRole('listitem', { name: /École Jean Jaurès/ }));
    expect(button('Prendre en charge').disabled).toBe(false);
    act(() => link.set('closed'));
    expect(button('Prendre en charge').disabled).toBe(true);
    // The map and the procedure may raise alerts of their own: look for the link's among them.
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContainEqual(expect.stringMatching(/Liaison avec l’hôte de la console perdue/));
    expect(screen.getByText('Hub : état inconnu')).toBeTruthy();
  });

  it('releases a case I own', async () => {
    const api = new FakeApiClientMock().handle('cases.release', ({ caseId }) => applied(makeCase({ id: caseId, version: 3 })));
    await openCase(makeCase({ version: 2, status: 'claimed', owner: mine }), api);
    fireEvent.click(button('Relâcher'));
    await waitFor(() => expect(button('Prendre en charge').disabled).toBe(false));
    expect(api.callsOf('cases.release')).toEqual([{ caseId: 'case-1' }]);
  });

  it('offers only the codes that fit the kind, by number, needs a note for a false alarm, and sends code and note', async () => {
    const api = new FakeApiClientMock().handle('scripts.close', ({ caseId, closureCode, note }) => ({
      view: noScriptView(caseId),
      result: applied(makeCase({ id: caseId, version: 3, status: 'closed', owner: mine, closureCode, closureNote: note ?? null })),
    }));
    await openCase(makeCase({ version: 2, status: 'claimed', owner: mine }), api);
    fireEvent.click(button('Clôturer'));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Confirmer la clôture' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    // A PPMS intrusion: five codes, none of them « technical alert handled » nor « drill ».
    expect((await within(dialog).findAllByRole('radio')).map((r) => r.getAttribute('value'))).toEqual([
      'real-alarm-escalated',
      'real-alarm-resolved-on-site',
      'false-alarm-handling-error',
      'false-alarm-technical',
      'cancelled-by-site',
    ]);
    const radios = await within(dialog).findAllByRole('radio');
    fireEvent.keyDown(radios[0]!, { key: '3' });
    expect((within(dialog).getByRole('radio', { name: '3 · Fausse alarme — erreur de manipulation' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.keyDown(radios[0]!, { key: 'Enter' });
    expect(within(dialog).getByText('Une note est obligatoire pour clore une alarme vitale en fausse alarme.')).toBeVisible();
    expect(api.callsOf('scripts.close')).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText(/Note \(obligatoire/), { target: { value: 'Enseignante a appuyé par erreur' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
    expect(api.callsOf('scripts.close')).toEqual([
      { caseId: 'case-1', closureCode: 'false-alarm-handling-error', note: 'Enseignante a appuyé par erreur' },
    ]);
    expect(screen.getByText(/Clôturé : Fausse alarme — erreur de manipulation/)).toBeTruthy();
  });

  it('keeps the dialog open and explains a refused closure', async () => {
    const api = new FakeApiClientMock().fail('scripts.close', 'not-owner');
    await openCase(makeCase({ version: 2, status: 'claimed', owner: mine }), api);
    fireEvent.click(button('Clôturer'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('radio', { name: '5 · Annulée par le site' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirmer la clôture' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('n’est pas pris en charge par vous');
  });
});

// @vitest-environment jsdom
// Keyboard from the start: right after login, or after a reload with an open session,
// ↑/↓/Enter/P work without a click on the queue.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { applied, makeCase, makeSession, OP1 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

const queue = [
  makeCase({ id: 'first', priority: 1, siteName: 'Premier site' }),
  makeCase({ id: 'second', priority: 2, kind: 'ppms.confinement', siteName: 'Second site' }),
];
const press = (key: string) => fireEvent.keyDown(document.activeElement ?? document.body, { key });

function withClaim(api: FakeApiClientMock) {
  return api.handle('cases.claim', ({ caseId }) => applied(makeCase({ ...queue.find((c) => c.id === caseId)!, version: 2, status: 'claimed', owner: { operatorId: OP1.id, displayName: OP1.displayName } })));
}

describe('keyboard from the start', () => {
  it('after login: the first row has the cursor and focus, Enter opens it and P takes it', async () => {
    const api = withClaim(new FakeApiClientMock().handle('session.login', () => makeSession()).handle('cases.list', () => queue));
    const { store } = renderApp({ api });
    fireEvent.change(await screen.findByLabelText('Identifiant'), { target: { value: 'op1' } });
    fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    await screen.findAllByRole('listitem');
    expect(document.activeElement?.getAttribute('data-case-id')).toBe('first');
    press('Enter');
    expect(screen.getByRole('heading', { level: 2, name: 'PPMS — Intrusion / attentat' })).toBeTruthy();
    press('p');
    expect(api.callsOf('cases.claim')).toEqual([{ caseId: 'first' }]);
    expect(await screen.findByText('Pris en charge par vous', { selector: 'dd' })).toBeTruthy();
    expect(store.getState().cursorId).toBe('first');
  });

  it('after a reload with an open session: ↓ then Enter work without a click', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => queue);
    renderApp({ api });
    await screen.findAllByRole('listitem');
    press('ArrowDown');
    expect(document.activeElement?.getAttribute('data-case-id')).toBe('second');
    press('Enter');
    expect(screen.getByRole('heading', { level: 2, name: 'PPMS — Confinement' })).toBeTruthy();
  });

  it('puts the cursor on the first alarm to arrive in an empty queue, without taking focus from a control', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => []);
    const { store } = renderApp({ api });
    await screen.findByText('Aucune alarme en attente.');
    const logout = screen.getByRole('button', { name: 'Se déconnecter' });
    act(() => logout.focus());
    await act(async () => {
      api.emit('cases.changed', { case: queue[1]! });
      await new Promise((r) => setTimeout(r, 40));
    });
    expect(store.getState().cursorId).toBe('second');
    expect(document.activeElement).toBe(logout);
  });
});

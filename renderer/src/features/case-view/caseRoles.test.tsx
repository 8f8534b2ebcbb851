// @vitest-environment jsdom
// Roles in the case view and the queue keyboard: what shared/domain/permissions.ts refuses
// is not offered, and the view says why.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { Role } from '@shared/domain/operator';
import type { Language } from '../../i18n';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, OP1 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

const ACTIONS = ['Prendre en charge', 'Relâcher', 'Clôturer'];
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

async function showQueue(role: Role, cases = [makeCase()], lang?: Language) {
  const api = new FakeApiClientMock().handle('session.get', () => makeSession({ role })).handle('cases.list', () => cases);
  renderApp({ api, ...(lang ? { lang } : {}) });
  await screen.findAllByRole('listitem');
  return api;
}

describe('a trainer', () => {
  it('sees the actions of a live case disabled, with the reason', async () => {
    await showQueue('trainer');
    fireEvent.click(screen.getByRole('listitem', { name: /École Jean Jaurès/ }));
    const notice = await screen.findByText('Les formateurs ne traitent pas les alarmes réelles');
    expect(notice.closest('[role="status"]')).not.toBeNull();
    for (const name of ACTIONS) expect(button(name).disabled, name).toBe(true);
    // The group of actions points at the explanation for screen readers.
    const group = screen.getByRole('group', { name: 'Actions sur le dossier' });
    expect(document.getElementById(group.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Les formateurs ne traitent pas les alarmes réelles');
  });

  it('cannot release or close a case it still holds from before', async () => {
    const held = makeCase({ version: 2, status: 'claimed', owner: { operatorId: OP1.id, displayName: OP1.displayName } });
    await showQueue('trainer', [held]);
    fireEvent.click(screen.getByRole('listitem', { name: /École Jean Jaurès/ }));
    await screen.findByText('Les formateurs ne traitent pas les alarmes réelles');
    for (const name of ACTIONS) expect(button(name).disabled, name).toBe(true);
  });

  it('opens the case with P but does not take it', async () => {
    const api = await showQueue('trainer');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'p' });
    expect(await screen.findByText('Les formateurs ne traitent pas les alarmes réelles')).toBeVisible();
    expect(api.callsOf('cases.claim')).toEqual([]);
    expect(button('Prendre en charge').disabled).toBe(true);
  });

  it('reads the reason in English too', async () => {
    await showQueue('trainer', [makeCase()], 'en');
    fireEvent.click(screen.getAllByRole('listitem')[0]!);
    expect(await screen.findByText('Trainers do not handle real alarms')).toBeVisible();
  });
});

describe('an operator', () => {
  it('gets no such notice and may take an open case', async () => {
    await showQueue('operator');
    fireEvent.click(screen.getByRole('listitem', { name: /École Jean Jaurès/ }));
    expect(button('Prendre en charge').disabled).toBe(false);
    expect(screen.queryByText('Les formateurs ne traitent pas les alarmes réelles')).toBeNull();
  });
});

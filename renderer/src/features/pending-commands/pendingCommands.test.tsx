// @vitest-environment jsdom
// Actions waiting for the hub and the hub's later refusals: in the case view and in the top bar.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ConsoleCommand } from '@shared/contract';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, noScriptView, OP1, OP2, T0 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import type { Language } from '../../i18n';

withLayoutStub();

const mine = { operatorId: OP1.id, displayName: OP1.displayName };

function makeCommand(over: Partial<ConsoleCommand> = {}): ConsoleCommand {
  return {
    commandId: '01J0000000000000000000CMD1',
    operatorId: OP1.id,
    operatorName: OP1.displayName,
    type: 'close',
    caseId: 'case-1',
    closureCode: 'drill',
    note: null,
    state: 'pending',
    refusal: null,
    createdAt: T0,
    settledAt: null,
    ...over,
  };
}

async function openCase(c: Case, api: FakeApiClientMock, opts: { hubConnected?: boolean; lang?: Language } = {}) {
  api.handle('session.get', () => makeSession({}, { connected: opts.hubConnected ?? true })).handle('cases.list', () => [c]);
  const view = renderApp({ api, ...(opts.lang ? { lang: opts.lang } : {}) });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  return view;
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('a closure made while the hub is away', () => {
  it('is queued: the dialog says so and closes, the case view shows it waiting, then the hub’s refusal with its reason', async () => {
    const held = makeCase({ version: 2, status: 'claimed', owner: mine, drill: true });
    // Closing goes through the procedure (scripts.close), which queues the hub command.
    const api = new FakeApiClientMock().handle('scripts.close', ({ caseId }) => ({
      view: noScriptView(caseId),
      result: { state: 'queued', commandId: '01J0000000000000000000CMD1' },
    }));
    const { api: live } = await openCase(held, api, { hubConnected: false });

    fireEvent.click(button('Clôturer'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('status').textContent).toMatch(/Hub injoignable : la clôture est enregistrée .* partira au hub dès son retour/);
    fireEvent.click(await within(dialog).findByRole('radio', { name: /^\d · Exercice$/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirmer la clôture' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    act(() => live.emit('commands.changed', { command: makeCommand() }));

    const actions = screen.getByRole('group', { name: 'Actions sur le dossier' }).parentElement!;
    expect(await within(actions).findByText('Clôture en attente du hub…')).toBeVisible();
    expect(within(actions).queryByRole('alert')).toBeNull();
    // Nothing else to send on this case while one action waits for the hub.
    for (const name of ['Relâcher', 'Clôturer']) expect(button(name).disabled).toBe(true);
    expect(screen.getByRole('button', { name: '1 action en attente de transmission' })).toBeVisible();

    act(() =>
      live.emit('commands.changed', {
        command: makeCommand({ state: 'refused', refusal: { code: 'already-closed', message: 'Dossier déjà clos' }, settledAt: T0 }),
      }),
    );
    expect((await within(actions).findByRole('alert')).textContent).toContain('Clôture refusée par le hub : dossier déjà clos');
    expect(within(actions).queryByText('Clôture en attente du hub…')).toBeNull();
    expect(screen.queryByRole('button', { name: /en attente de transmission/ })).toBeNull();
    expect(screen.getByRole('button', { name: '1 action refusée par le hub' })).toBeVisible();

    // Read: the notice and the top bar's count go.
    fireEvent.click(within(actions).getByRole('button', { name: 'Compris' }));
    await waitFor(() => expect(within(actions).queryByRole('alert')).toBeNull());
    expect(screen.queryByRole('button', { name: /refusée par le hub/ })).toBeNull();
  });

  it('says whose login a colleague’s waiting closure waits for, and lists it in English too', async () => {
    const held = makeCase({ version: 2, status: 'claimed', owner: { operatorId: OP2.id, displayName: 'Operator 2' } });
    const api = new FakeApiClientMock().handle('commands.list', () => [makeCommand({ operatorId: OP2.id, operatorName: 'Operator 2' })]);
    await openCase(held, api, { lang: 'en' });
    expect(await screen.findByText('Closure waiting for the hub… Waiting for Operator 2 to log in on this console.')).toBeVisible();
  });
});

describe('the top bar list of actions waiting for the hub', () => {
  it('counts them and lists each with its case, in the order they go, and the refusals with the hub’s reason', async () => {
    const api = new FakeApiClientMock()
      .handle('session.get', () => makeSession({}, { connected: false }))
      .handle('cases.list', () => [
        makeCase({ version: 2, status: 'claimed', owner: mine }),
        makeCase({ id: 'case-2', siteName: 'Crèche Les Hirondelles', version: 2, status: 'claimed', owner: mine }),
      ])
      .handle('commands.list', () => [
        makeCommand({ commandId: '01J0000000000000000000CMD2', type: 'release', caseId: 'case-2', closureCode: null }),
        makeCommand(),
        makeCommand({
          commandId: '01J0000000000000000000CMD0',
          type: 'claim',
          caseId: 'case-9',
          closureCode: null,
          state: 'refused',
          refusal: { code: 'already-claimed', message: 'Déjà pris en charge par Opérateur 2.', owner: { operatorId: OP2.id, displayName: 'Opérateur 2' } },
          settledAt: T0,
        }),
      ]);
    renderApp({ api });
    fireEvent.click(await screen.findByRole('button', { name: '2 actions en attente de transmission' }));
    const dialog = await screen.findByRole('dialog', { name: 'Actions envoyées au hub' });
    const waiting = within(within(dialog).getByRole('list', { name: /En attente de transmission/ })).getAllByRole('listitem');
    expect(waiting.map((li) => li.querySelector('strong')!.textContent)).toEqual(['Clôture — École Jean Jaurès', 'Relâche — Crèche Les Hirondelles']);
    const refused = within(within(dialog).getByRole('list', { name: 'Refusées par le hub' })).getByRole('listitem');
    expect(refused.textContent).toContain('Prise en charge refusée par le hub : dossier pris en charge par Opérateur 2');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Marquer les refus comme lus' }));
    await waitFor(() => expect(within(dialog).queryByRole('list', { name: 'Refusées par le hub' })).toBeNull());
    fireEvent.click(within(dialog).getByRole('button', { name: 'Fermer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByRole('button', { name: /refusée par le hub/ })).toBeNull();
    expect(screen.getByRole('button', { name: '2 actions en attente de transmission' })).toBeVisible();
  });

  it('does not count again a refusal already explained where the operator acted', async () => {
    const held = makeCase({ version: 2, status: 'claimed', owner: mine, drill: true });
    const api = new FakeApiClientMock().fail('scripts.close', 'already-closed', { commandId: '01J0000000000000000000CMD1', journaled: true });
    const { api: live } = await openCase(held, api);
    fireEvent.click(button('Clôturer'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('radio', { name: /^\d · Exercice$/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirmer la clôture' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Ce dossier est déjà clôturé.');
    act(() =>
      live.emit('commands.changed', {
        command: makeCommand({ state: 'refused', refusal: { code: 'already-closed', message: 'Dossier déjà clos' }, settledAt: T0 }),
      }),
    );
    expect(screen.queryByRole('button', { name: /refusée par le hub/ })).toBeNull();
  });
});

// @vitest-environment jsdom
// The queue: order, live age, badges, keyboard handling, and a flood.
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { applied, makeCase, makeSession, OP2 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

const NOW = Date.parse('2025-03-14T08:10:00.000Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

async function renderQueue(cases: Case[]) {
  const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => cases);
  const view = renderApp({ api });
  if (cases.length) await screen.findAllByRole('listitem');
  else await screen.findByText('Aucune alarme en attente.');
  return view;
}

const rows = () => within(screen.getByRole('list', { name: 'File des alarmes' })).getAllByRole('listitem');

describe('alarm queue', () => {
  it('orders by priority then age, and shows each row with kind, site and address', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    await renderQueue([
      makeCase({ id: 'c-bat', kind: 'device.charger-unplugged', priority: 4, siteName: 'Crèche Les Petits Mousses', receivedAt: ago(600) }),
      makeCase({ id: 'c-fire', kind: 'ms70.fire', priority: 1, siteName: 'Salle Jacques Brel', receivedAt: ago(20) }),
      makeCase({ id: 'c-intr', kind: 'ppms.intrusion', priority: 1, siteName: 'École Jean Jaurès', receivedAt: ago(75) }),
      makeCase({ id: 'c-conf', kind: 'ppms.confinement', priority: 2, siteName: 'Collège Anne de Bretagne', receivedAt: ago(300) }),
    ]);
    const r = rows();
    expect(r.map((x) => x.getAttribute('aria-label'))).toEqual([
      'P1, PPMS — Intrusion / attentat, École Jean Jaurès, Non pris en charge',
      'P1, Alerte incendie (MS70), Salle Jacques Brel, Non pris en charge',
      'P2, PPMS — Confinement, Collège Anne de Bretagne, Non pris en charge',
      'P4, Chargeur débranché, Crèche Les Petits Mousses, Non pris en charge',
    ]);
    expect(within(r[0]!).getByText('École Jean Jaurès')).toBeTruthy();
    // One line per row: the address is in the row's tooltip, with the rest of the line in full.
    expect(r[0]).toHaveAttribute('title', expect.stringContaining('École Jean Jaurès — PPMS — Intrusion / attentat — 12 rue de la Paix'));
    expect(within(r[0]!).getByText('P1')).toBeTruthy();
    // Counts per priority in the header.
    expect(screen.getByLabelText('2 en priorité 1')).toBeTruthy();
    expect(screen.getByLabelText('1 en priorité 4')).toBeTruthy();
  });

  it('shows a live age that ticks, and flags unclaimed cases past 60 s', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    await renderQueue([makeCase({ id: 'a', receivedAt: ago(55) })]);
    expect(within(rows()[0]!).getByText('00:55')).toBeTruthy();
    expect(screen.queryByLabelText(/Délai de 60 s dépassé/)).toBeNull();
    act(() => void vi.advanceTimersByTime(10_000));
    expect(within(rows()[0]!).getByText('01:05')).toBeTruthy();
    expect(within(rows()[0]!).getByLabelText('Âge 01:05, Délai de 60 s dépassé')).toBeTruthy();
  });

  it('shows the drill badge and who took a case', async () => {
    await renderQueue([
      makeCase({ id: 'd', drill: true, priority: 2 }),
      makeCase({ id: 'o', priority: 1, status: 'claimed', owner: { operatorId: OP2.id, displayName: OP2.displayName } }),
    ]);
    const [claimed, drill] = rows();
    expect(within(claimed!).getByText('Pris par Opérateur 2')).toBeTruthy();
    expect(within(drill!).getByText('EXERCICE')).toBeTruthy();
    expect(drill!.getAttribute('aria-label')).toContain('exercice');
  });

  it('follows live events: a new alarm appears in place, a closed one leaves', async () => {
    const { api } = await renderQueue([makeCase({ id: 'a', priority: 3, kind: 'device.tamper', siteName: 'Site A' })]);
    await act(async () => {
      api.emit('cases.changed', { case: makeCase({ id: 'b', priority: 1, siteName: 'Site B' }) });
      await new Promise((r) => setTimeout(r, 40));
    });
    expect(rows().map((r) => within(r).getByText(/^Site/).textContent)).toEqual(['Site B', 'Site A']);
    await act(async () => {
      api.emit('cases.changed', { case: makeCase({ id: 'b', version: 2, status: 'closed', siteName: 'Site B' }) });
      await new Promise((r) => setTimeout(r, 40));
    });
    expect(rows()).toHaveLength(1);
  });

  it('moves with the arrow keys from the focused row, opens with Enter and claims with P', async () => {
    const { api } = await renderQueue([
      makeCase({ id: 'first', priority: 1, siteName: 'Premier site' }),
      makeCase({ id: 'second', priority: 2, kind: 'ppms.confinement', siteName: 'Second site' }),
      makeCase({ id: 'third', priority: 3, kind: 'device.tamper', siteName: 'Troisième site' }),
    ]);
    api.handle('cases.claim', ({ caseId }) =>
      applied(makeCase({ id: caseId, priority: 2, kind: 'ppms.confinement', siteName: 'Second site', version: 2, status: 'claimed', owner: { operatorId: 'op-1', displayName: 'Opérateur 1' } })),
    );
    act(() => rows()[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('aria-label')).toContain('Second site');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(screen.getByRole('heading', { level: 2, name: 'PPMS — Confinement' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'p' });
    expect(api.callsOf('cases.claim')).toEqual([{ caseId: 'second' }]);
    expect(await screen.findByText('Pris en charge par vous')).toBeTruthy();
    expect(rows()[1]!.getAttribute('aria-label')).toContain('Pris par vous');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.getAttribute('aria-label')).toContain('Troisième site');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.getAttribute('aria-label')).toContain('Premier site');
  });

  it('keeps the keyboard when a burst of higher-priority alarms pushes the focused row out of the window', async () => {
    const waiting = Array.from({ length: 30 }, (_, i) =>
      makeCase({ id: `w${i}`, priority: 3, kind: 'device.tamper', siteName: `Site attente ${i}`, receivedAt: ago(3000 - i) }),
    );
    const { api, store } = await renderQueue(waiting);
    api.handle('cases.claim', ({ caseId }) => applied(makeCase({ ...waiting.find((c) => c.id === caseId)!, version: 2, status: 'claimed', owner: { operatorId: 'op-1', displayName: 'Opérateur 1' } })));
    act(() => rows()[2]!.focus());
    expect(store.getState().cursorId).toBe('w2');
    await act(async () => {
      for (let i = 0; i < 200; i++) api.emit('cases.changed', { case: makeCase({ id: `burst${i}`, priority: 1, siteName: `Site urgent ${i}`, receivedAt: ago(10) }) });
      await new Promise((r) => setTimeout(r, 40));
    });
    expect(screen.getByText('230 en file')).toBeTruthy();
    // Its row is now far below the visible window, yet it is still rendered and still has focus.
    expect(rows().length).toBeLessThan(60);
    expect(rows().filter((r) => r.getAttribute('data-case-id') === 'w2')).toHaveLength(1);
    expect(document.activeElement?.getAttribute('data-case-id')).toBe('w2');
    // The cursor stays on the operator's case (by id), not on whatever is now at its old index.
    expect(store.getState().cursorId).toBe('w2');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'ArrowDown' });
    expect(store.getState().cursorId).toBe('w3');
    expect(document.activeElement?.getAttribute('data-case-id')).toBe('w3');
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'p' });
    expect(api.callsOf('cases.claim')).toEqual([{ caseId: 'w3' }]);
    expect(await screen.findByText('Pris en charge par vous', { selector: 'dd' })).toBeTruthy();
  });

  it('answers the keyboard from <body> when the focused case left the queue, continuing from its place', async () => {
    const { api, store } = await renderQueue([
      makeCase({ id: 'a', priority: 1, siteName: 'Site A' }),
      makeCase({ id: 'b', priority: 2, kind: 'ppms.confinement', siteName: 'Site B' }),
      makeCase({ id: 'c', priority: 3, kind: 'device.tamper', siteName: 'Site C' }),
    ]);
    act(() => rows()[1]!.focus());
    // Closed on another console: the focused row goes away, focus falls to <body>.
    await act(async () => {
      api.emit('cases.changed', { case: makeCase({ id: 'b', version: 2, status: 'closed', kind: 'ppms.confinement', siteName: 'Site B' }) });
      await new Promise((r) => setTimeout(r, 40));
    });
    expect(rows()).toHaveLength(2);
    expect(document.activeElement).toBe(document.body);
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    expect(store.getState().cursorId).toBe('c');
    expect(document.activeElement?.getAttribute('data-case-id')).toBe('c');
    act(() => (document.activeElement as HTMLElement).blur());
    fireEvent.keyDown(document.body, { key: 'Home' });
    expect(store.getState().cursorId).toBe('a');
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(screen.getByRole('heading', { level: 2, name: 'PPMS — Intrusion / attentat' })).toBeTruthy();
  });

  it('leaves keys alone while the operator types in a dialog or works a control outside the queue', async () => {
    const { api, store } = await renderQueue([
      makeCase({ id: 'mine', priority: 2, kind: 'ppms.confinement', siteName: 'Mon site', status: 'claimed', owner: { operatorId: 'op-1', displayName: 'Opérateur 1' } }),
      makeCase({ id: 'free', priority: 3, kind: 'device.tamper', siteName: 'Site libre' }),
    ]);
    fireEvent.click(rows()[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Clôturer' }));
    const dialog = await screen.findByRole('dialog');
    const note = within(dialog).getByLabelText('Note (facultative)');
    act(() => note.focus());
    for (const key of ['ArrowDown', 'p', 'P', 'End', 'Enter']) {
      const notPrevented = fireEvent.keyDown(note, { key });
      expect(notPrevented).toBe(true);
    }
    // Even with focus lost to <body>, an open dialog keeps the queue's keys off.
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    fireEvent.keyDown(document.body, { key: 'p' });
    expect(api.callsOf('cases.claim')).toEqual([]);
    expect(store.getState().cursorId).toBe('mine');
    expect(store.getState().openCaseId).toBe('mine');
    // A button of the case view keeps its own Enter; P there claims nothing either.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const release = screen.getByRole('button', { name: 'Relâcher' });
    act(() => release.focus());
    expect(fireEvent.keyDown(release, { key: 'ArrowDown' })).toBe(true);
    expect(fireEvent.keyDown(release, { key: 'p' })).toBe(true);
    expect(store.getState().cursorId).toBe('mine');
    expect(api.callsOf('cases.claim')).toEqual([]);
  });

  it('says once how many are late and which to take first, opens it on click, and names a flooding site with its count', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    await renderQueue([
      makeCase({ id: 'p4-old', priority: 4, kind: 'device.low-battery', siteName: 'Crèche', receivedAt: ago(4000) }),
      makeCase({ id: 'p1-late', priority: 1, siteName: 'École Jean Jaurès', receivedAt: ago(200), alarmCount: 40, lastAlarmAt: ago(5) }),
      makeCase({ id: 'p1-later', priority: 1, siteName: 'Salle Jacques Brel', kind: 'ms70.fire', receivedAt: ago(90) }),
    ]);
    const warning = screen.getByRole('button', { name: /^3 en retard/ });
    expect(warning).toHaveTextContent('3 en retard — le plus urgent attend depuis 03:20 : P1 École Jean Jaurès, PPMS — Intrusion / attentat');
    // No filled badge per row: the late rows only say it in their age.
    expect(screen.getAllByLabelText(/dépassé/)).toHaveLength(3);
    fireEvent.click(warning);
    expect(screen.getByRole('heading', { level: 2, name: 'PPMS — Intrusion / attentat' })).toBeVisible();
    expect(screen.getByRole('region', { name: 'Afflux d’alarmes' })).toHaveTextContent('École Jean Jaurès : 40 alarmes');
    expect(screen.getByText(/3 en file · 42 alarmes/)).toBeVisible();
  });

  it('says so when nothing is waiting', async () => {
    await renderQueue([]);
    expect(screen.getByText('Aucune alarme en attente.')).toBeTruthy();
  });

  it('stays usable with a flood of 5000 alarms: only a window of rows is in the DOM', async () => {
    const flood = Array.from({ length: 5000 }, (_, i) =>
      makeCase({ id: `f${i}`, priority: (i % 4) + 1, kind: 'device.low-battery', siteName: `Site ${i}`, receivedAt: ago(5000 - i) }),
    );
    await renderQueue(flood);
    const r = rows();
    expect(r.length).toBeGreaterThan(5);
    expect(r.length).toBeLessThan(60);
    expect(r[0]!.getAttribute('aria-label')).toContain('Site 0');
    expect(r[0]!.getAttribute('aria-setsize')).toBe('5000');
    expect(screen.getByText('5000 en file')).toBeTruthy();
  });
});

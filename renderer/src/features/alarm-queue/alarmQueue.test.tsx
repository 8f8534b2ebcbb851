// @vitest-environment jsdom
// The queue: order, live age, badges, keyboard handling, and a flood.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, OP2 } from '../../test/fixtures';
import { stubLayout } from '../../test/layout';
import { renderApp } from '../../test/render';

let restoreLayout: () => void;
beforeEach(() => (restoreLayout = stubLayout()));
afterEach(() => {
  cleanup();
  restoreLayout();
  vi.useRealTimers();
});

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
    expect(within(r[0]!).getByText(/12 rue de la Paix/)).toBeTruthy();
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
      makeCase({ id: caseId, priority: 2, kind: 'ppms.confinement', siteName: 'Second site', version: 2, status: 'claimed', owner: { operatorId: 'op-1', displayName: 'Opérateur 1' } }),
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

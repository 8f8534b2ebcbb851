// @vitest-environment jsdom
// What a queue row says: lateness against its own priority's target (no red wall of
// technical faults), one line per row, grouped alarms counted, my case marked when it grows.
import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

const NOW = Date.parse('2025-03-14T08:10:00.000Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

async function renderQueue(cases: Case[]) {
  const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => cases);
  renderApp({ api });
  await screen.findAllByRole('listitem');
}
const row = (id: string) => document.querySelector(`[data-case-id="${id}"]`) as HTMLElement;

describe('queue row', () => {
  it('flags lateness against each priority’s own answer target', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    await renderQueue([
      makeCase({ id: 'p1', priority: 1, receivedAt: ago(61) }),
      makeCase({ id: 'p3', priority: 3, kind: 'device.tamper', receivedAt: ago(240) }),
      makeCase({ id: 'p4', priority: 4, kind: 'device.charger-unplugged', receivedAt: ago(1790) }),
    ]);
    expect(within(row('p1')).getByLabelText('Âge 01:01, Délai de 60 s dépassé')).toBeTruthy();
    // A charger unplugged for two minutes, or half an hour, is not late yet: it stays calm.
    expect(within(row('p3')).getByLabelText('Âge 04:00')).toBeTruthy();
    expect(within(row('p4')).getByLabelText('Âge 29:50')).toBeTruthy();
    expect(screen.getAllByLabelText(/dépassé/)).toHaveLength(1);
    act(() => void vi.advanceTimersByTime(60_000));
    expect(within(row('p3')).getByLabelText('Âge 05:00, Délai de 5 min dépassé')).toBeTruthy();
    expect(within(row('p4')).getByLabelText('Âge 30:50, Délai de 30 min dépassé')).toBeTruthy();
  });

  it('keeps every row on one line: the beacon message clipped in place, whole in the tooltip and for screen readers', async () => {
    await renderQueue([makeCase({ id: 'said', text: 'Individu armé côté cour' }), makeCase({ id: 'silent', priority: 2, siteName: 'Autre site' })]);
    const said = row('said');
    expect(within(said).getByText('Individu armé côté cour')).toBeVisible();
    expect(said).toHaveAttribute('title', expect.stringContaining('« Individu armé côté cour »'));
    const describedBy = said.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(describedBy[1]).toBe('Message de la balise : Individu armé côté cour');
    expect(row('silent').getAttribute('aria-describedby')!.split(' ')).toHaveLength(1);
    // Same height with or without a message: 36 px, the next row right below.
    expect(getComputedStyle(said).height).toBe('36px');
    expect(getComputedStyle(row('silent')).height).toBe('36px');
    expect(row('silent').style.transform).toBe('translateY(36px)');
  });

  it('shows how many alarms a grouped case holds, and marks my case when a later alarm joins it', async () => {
    const api = new FakeApiClientMock()
      .handle('session.get', () => makeSession())
      .handle('cases.list', () => [makeCase({ id: 'mine', status: 'claimed', owner: { operatorId: 'op-1', displayName: 'Opérateur 1' }, alarmCount: 2 })]);
    renderApp({ api });
    await screen.findAllByRole('listitem');
    expect(within(row('mine')).getByText('×2')).toBeVisible();
    act(() => api.emit('cases.changed', { case: makeCase({ id: 'mine', version: 2, status: 'claimed', owner: { operatorId: 'op-1', displayName: 'Opérateur 1' }, alarmCount: 5 }) }));
    // Deltas reach the store in frame-sized batches: wait for the row to show it.
    await waitFor(() => expect(within(row('mine')).getByText('+3 nouvelles')).toBeVisible());
    expect(within(row('mine')).getByText('×5')).toBeVisible();
    act(() => row('mine').click());
    expect(within(row('mine')).queryByText('+3 nouvelles')).toBeNull();
  });
});

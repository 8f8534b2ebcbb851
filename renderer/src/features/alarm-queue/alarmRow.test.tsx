// @vitest-environment jsdom
// What a queue row says: lateness against its own priority's target (no red wall of
// technical faults), and the beacon's free text on a line of its own.
import { describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
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

  it('shows the beacon message as a secondary line, and tells screen readers it is the beacon’s', async () => {
    await renderQueue([makeCase({ id: 'said', text: 'Individu armé côté cour' }), makeCase({ id: 'silent', priority: 2, siteName: 'Autre site' })]);
    const said = row('said');
    expect(within(said).getByText('Individu armé côté cour')).toBeTruthy();
    const describedBy = said.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(describedBy[1]).toBe('Message de la balise : Individu armé côté cour');
    expect(row('silent').getAttribute('aria-describedby')!.split(' ')).toHaveLength(1);
    // Its row is a line taller, and the next row starts below it.
    expect(getComputedStyle(said).height).toBe('116px');
    expect(getComputedStyle(row('silent')).height).toBe('92px');
    expect(getComputedStyle(row('silent')).transform).toBe('translateY(116px)');
  });
});

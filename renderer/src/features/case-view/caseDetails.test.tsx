// @vitest-environment jsdom
// What the case view says about the alarm itself: the beacon's message, the wait or the
// claim delay, an unknown beacon's address, and text from outside kept in its own bidi box.
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, OP1 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';

withLayoutStub();

const NOW = Date.parse('2025-03-14T08:10:00.000Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
const mine = { operatorId: OP1.id, displayName: OP1.displayName };

async function openCase(c: Case) {
  const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => [c]);
  const view = renderApp({ api });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  return view;
}

/** The value shown for a label in the case's details list. */
function detail(label: string): HTMLElement {
  const dt = screen.getAllByRole('term').find((el) => el.textContent === label);
  if (!dt) throw new Error(`no detail « ${label} »`);
  return dt.nextElementSibling as HTMLElement;
}

describe('case details', () => {
  it('shows the beacon message prominently, isolated from the page’s text direction', async () => {
    await openCase(makeCase({ text: 'Individu armé côté cour' }));
    const message = screen.getByRole('figure', { name: 'Message de la balise' });
    expect(within(message).getByText('Individu armé côté cour').tagName).toBe('BDI');
  });

  it('has no beacon message block when the beacon sent none', async () => {
    await openCase(makeCase({ text: null }));
    expect(screen.queryByText('Message de la balise')).toBeNull();
  });

  it('puts every beacon- or site-supplied string in <bdi>, so a right-to-left override cannot reorder the labels', async () => {
    const rlo = '\u202E';
    await openCase(makeCase({ siteName: `École ${rlo}emmoR`, address: `${rlo}3 rue X`, beaconId: `B-${rlo}42`, text: `${rlo}Au secours` }));
    const region = screen.getByRole('region', { name: 'PPMS — Intrusion / attentat' });
    for (const value of [`École ${rlo}emmoR`, `${rlo}3 rue X`, `B-${rlo}42`, `${rlo}Au secours`])
      for (const el of within(region).getAllByText(value)) expect(el.tagName).toBe('BDI');
    const row = screen.getByRole('listitem');
    // The one-line queue row shows the site and the text (the address is in its tooltip).
    for (const value of [`École ${rlo}emmoR`, `${rlo}Au secours`]) expect(within(row).getByText(value).tagName).toBe('BDI');
  });

  it('counts the wait live while the case is open', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    await openCase(makeCase({ receivedAt: ago(30) }));
    expect(detail('Attente').textContent).toBe('00:30');
    act(() => void vi.advanceTimersByTime(5_000));
    expect(detail('Attente').textContent).toBe('00:35');
    expect(screen.queryByText('Délai de prise en charge')).toBeNull();
  });

  it('shows the fixed claim delay for a claimed case, the same as its queue row', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    await openCase(makeCase({ status: 'claimed', owner: mine, receivedAt: ago(300), claimedAt: ago(258), version: 2 }));
    expect(detail('Délai de prise en charge').textContent).toBe('00:42');
    expect(screen.queryByText('Attente')).toBeNull();
    const row = screen.getByRole('listitem');
    expect(within(row).getByLabelText('Délai de prise en charge 00:42').textContent).toBe('pris en 00:42');
    act(() => void vi.advanceTimersByTime(60_000));
    expect(detail('Délai de prise en charge').textContent).toBe('00:42');
    expect(within(row).getByLabelText('Délai de prise en charge 00:42')).toBeTruthy();
  });

  it('keeps the claim delay on a closed case', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => [
      makeCase({ status: 'claimed', owner: mine, receivedAt: ago(300), claimedAt: ago(280), version: 2 }),
    ]);
    renderApp({ api });
    fireEvent.click(await screen.findByRole('listitem'));
    await act(async () => {
      api.emit('cases.changed', { case: makeCase({ status: 'closed', owner: mine, receivedAt: ago(300), claimedAt: ago(280), closedAt: ago(10), closureCode: 'drill', version: 3 }) });
      await vi.waitFor(() => expect(screen.getByText(/Clôturé : Exercice/)).toBeTruthy());
    });
    expect(detail('Délai de prise en charge').textContent).toBe('00:20');
  });

  it('says the address of an unknown beacon is unknown, and leaves no dangling dash in the queue', async () => {
    await openCase(makeCase({ siteId: null, siteKind: null, siteName: 'Balise inconnue SN-X-999', address: '', position: null, beaconId: 'SN-X-999' }));
    expect(detail('Adresse').textContent).toBe('inconnue');
    const row = screen.getByRole('listitem');
    // The site line holds the name alone: no « — » left pointing at nothing.
    expect(within(row).getByText('Balise inconnue SN-X-999').closest('.vq-site')?.textContent).toBe('Balise inconnue SN-X-999');
    expect(row.getAttribute('title')).not.toContain('—  —');
  });
});

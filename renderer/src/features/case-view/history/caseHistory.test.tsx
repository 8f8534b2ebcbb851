// @vitest-environment jsdom
// The case history: merging the answer with live entries, and what the operator reads.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { Case } from '@shared/domain/case';
import { mergeHistory, type CaseHistoryEntry, type CaseHistoryView } from '@shared/domain/case-history';
import type { Language } from '../../../i18n';
import { FakeApiClientMock } from '../../../test/FakeApiClientMock';
import { makeCase, makeSession, OP1, OP2 } from '../../../test/fixtures';
import { withLayoutStub } from '../../../test/layout';
import { renderApp } from '../../../test/render';
import { applyView, initialHistory } from './history-state';

withLayoutStub();

const SUP = { operatorId: 'sup-1', displayName: 'Hélène Guérin' };
const me = { operatorId: OP1.id, displayName: OP1.displayName };
const other = { operatorId: OP2.id, displayName: 'Yanis Le Goff' };

let seq = 0;
function entry(over: Partial<CaseHistoryEntry> = {}): CaseHistoryEntry {
  seq += 1;
  return { id: `01J${String(seq).padStart(23, '0')}`, at: `2025-03-14T08:00:${String(seq % 60).padStart(2, '0')}.000Z`, source: 'hub', type: 'case.claimed', actor: me, payload: {}, ...over };
}
const view = (entries: CaseHistoryEntry[], over: Partial<CaseHistoryView> = {}): CaseHistoryView => ({ caseId: 'case-1', entries, hubAvailable: true, ...over });

describe('merging a case history', () => {
  it('orders entries by time whatever order they arrive in, and replaces an entry by id', () => {
    const a = entry({ at: '2025-03-14T08:00:01.000Z' });
    const b = entry({ at: '2025-03-14T08:00:02.000Z', source: 'console', pending: true });
    const c = entry({ at: '2025-03-14T08:00:03.000Z' });
    const merged = mergeHistory([c, b], [a, { ...b, pending: undefined }]);
    expect(merged.map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(merged[1]!.pending).toBeUndefined();
  });

  it('never marks pending again an entry already known to be at the hub (a late answer)', () => {
    const e = entry({ source: 'console' });
    expect(mergeHistory([e], [{ ...e, pending: true }])[0]!.pending).toBeUndefined();
    expect(mergeHistory([{ ...e, pending: true }], [e])[0]!.pending).toBeUndefined();
  });

  it('ignores another case’s entries, keeps hubAvailable unless told, and is ready only once answered', () => {
    const pushed = applyView(initialHistory, 'case-1', { caseId: 'case-1', entries: [entry()] }, false);
    expect(pushed).toMatchObject({ status: 'loading', hubAvailable: true });
    expect(applyView(pushed, 'case-1', view([entry()], { caseId: 'case-2' }), true)).toBe(pushed);
    const away = applyView(pushed, 'case-1', view([], { hubAvailable: false }), true);
    expect(away).toMatchObject({ status: 'ready', hubAvailable: false });
    expect(away.entries).toHaveLength(1);
    expect(applyView(away, 'case-1', { caseId: 'case-1', entries: [entry()] }, false).hubAvailable).toBe(false);
  });
});

async function openHistory(entries: CaseHistoryEntry[], opts: { c?: Case; lang?: Language; over?: Partial<CaseHistoryView> } = {}) {
  const c = opts.c ?? makeCase();
  const api = new FakeApiClientMock()
    .handle('session.get', () => makeSession())
    .handle('cases.list', () => [c])
    .handle('cases.history', ({ caseId }) => ({ caseId, entries, hubAvailable: true, ...opts.over }));
  const rendered = renderApp({ api, ...(opts.lang ? { lang: opts.lang } : {}) });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  const region = await screen.findByRole('region', { name: opts.lang === 'en' ? 'Case history' : 'Historique du dossier' });
  const list = within(region).getByRole('list', { name: opts.lang === 'en' ? 'Case history' : 'Historique du dossier' });
  // The region is drawn before the host answers: wait for the answer's entries.
  if (entries.length > 0) await within(list).findAllByRole('listitem');
  return { ...rendered, region, list };
}

const items = (list: HTMLElement) => within(list).queryAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());

describe('the case history view', () => {
  it('reads each entry as time, what, who and why: the hub’s intake, another operator, a takeover of the operator’s case, a closure', async () => {
    const { list, api } = await openHistory([
      entry({ at: '2025-03-14T08:00:00.000Z', type: 'alarm.received', actor: null, payload: { kind: 'ppms.intrusion', beaconId: 'SN-PPMS-001' } }),
      entry({ at: '2025-03-14T08:00:05.000Z', type: 'case.claimed', actor: me }),
      entry({ at: '2025-03-14T08:01:00.000Z', type: 'case.released', actor: SUP, payload: { previousOwner: me } }),
      entry({ at: '2025-03-14T08:01:30.000Z', type: 'case.released', actor: SUP, payload: { previousOwner: other } }),
      entry({ at: '2025-03-14T08:02:00.000Z', type: 'case.closed', source: 'console', actor: SUP, payload: { closureCode: 'drill', note: 'Exercice annoncé' } }),
    ]);
    // Paris time (the test environment's timezone may differ: the time is checked loosely).
    expect(items(list)).toEqual([
      expect.stringMatching(/^\d\d:00:00, Alarme reçue, PPMS — Intrusion \/ attentat · balise SN-PPMS-001, hub$/),
      expect.stringMatching(/^\d\d:00:05, Pris en charge, vous, hub$/),
      expect.stringMatching(/Relâché, Hélène Guérin · votre dossier, hub$/),
      expect.stringMatching(/Relâché, Hélène Guérin · dossier de Yanis Le Goff, hub$/),
      expect.stringMatching(/Clôturé, Hélène Guérin · motif : Exercice — Exercice annoncé, poste$/),
    ]);
    // StrictMode mounts effects twice in development: every request is for this case.
    expect(new Set(api.callsOf('cases.history').map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ caseId: 'case-1' })]));
  });

  it('shows one line per change, and every record (request, hub, console copy) when « Tout le détail » is on', async () => {
    const { list } = await openHistory([
      entry({ at: '2025-03-14T08:00:05.000Z', source: 'console', type: 'case.claim-requested', actor: other, payload: { commandId: 'cmd-1' } }),
      entry({ at: '2025-03-14T08:00:05.500Z', source: 'hub', type: 'case.claimed', actor: other }),
      entry({ at: '2025-03-14T08:00:06.000Z', source: 'console', type: 'case.claimed', actor: other, payload: { commandId: 'cmd-1' } }),
    ]);
    expect(items(list)).toEqual([expect.stringMatching(/Pris en charge, Yanis Le Goff, hub$/)]);
    fireEvent.click(screen.getByRole('switch', { name: 'Tout le détail (demandes, copies des postes)' }));
    expect(items(list)).toEqual([
      expect.stringMatching(/Prise en charge demandée, Yanis Le Goff, poste$/),
      expect.stringMatching(/Pris en charge, Yanis Le Goff, hub$/),
      expect.stringMatching(/Pris en charge, Yanis Le Goff, poste$/),
    ]);
  });

  it('marks this console’s events not yet at the hub, and drops the marker when the hub has them', async () => {
    const local = entry({ source: 'console', type: 'case.claim-requested', pending: true });
    const { list, api } = await openHistory([entry({ type: 'case.opened', actor: null }), local]);
    const li = within(list).getByText('Prise en charge demandée').closest('li')!;
    expect(li).toHaveTextContent('non transmis au hub');
    act(() => api.emit('cases.history', { caseId: 'case-1', entries: [{ ...local, pending: undefined }] }));
    expect(within(li).queryByText('non transmis au hub')).toBeNull();
    expect(li).toHaveTextContent('poste');
  });

  it('adds entries pushed live for this case only, in time order', async () => {
    const { list, api } = await openHistory([entry({ at: '2025-03-14T08:00:00.000Z', type: 'case.opened', actor: null })]);
    act(() => {
      api.emit('cases.history', { caseId: 'case-1', entries: [entry({ at: '2025-03-14T08:00:09.000Z', type: 'case.claimed', actor: other })] });
      api.emit('cases.history', { caseId: 'case-2', entries: [entry({ type: 'case.closed', actor: other })] });
    });
    expect(items(list)).toEqual([expect.stringContaining('Dossier ouvert'), expect.stringContaining('Pris en charge, Yanis Le Goff')]);
  });

  it('shows a type it does not know by its name, and a purged payload without details', async () => {
    const { list } = await openHistory([
      entry({ type: 'case.video-reviewed', actor: other, payload: { camera: 3 } }),
      entry({ type: 'case.closed', actor: other, payload: null }),
    ]);
    expect(items(list)).toEqual([expect.stringMatching(/case\.video-reviewed, Yanis Le Goff, hub$/), expect.stringMatching(/Clôturé, Yanis Le Goff, hub$/)]);
  });

  it('says when the hub’s history is unavailable and shows this console’s events', async () => {
    const { region, list } = await openHistory([entry({ source: 'console', type: 'case.close-requested', pending: true })], { over: { hubAvailable: false } });
    expect(within(region).getByRole('status').textContent).toMatch(/Hub injoignable : l’historique des autres postes n’est pas à jour/);
    expect(items(list)).toEqual([expect.stringMatching(/Clôture demandée, vous, non transmis au hub$/)]);
  });

  it('says so when the history cannot be read', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => [makeCase()]).fail('cases.history', 'internal');
    renderApp({ api });
    fireEvent.click(await screen.findByRole('listitem', { name: /École Jean Jaurès/ }));
    expect(await screen.findByText('Historique indisponible.')).toBeVisible();
  });

  it('speaks English too', async () => {
    const { list } = await openHistory(
      [entry({ type: 'case.closed', actor: SUP, payload: { closureCode: 'false-alarm-technical', previousOwner: other } }), entry({ source: 'console', type: 'case.claim-refused', pending: true, payload: { owner: other } })],
      { lang: 'en' },
    );
    expect(items(list)).toEqual([
      expect.stringMatching(/Closed, Hélène Guérin · Yanis Le Goff’s case · reason: False alarm — technical fault, hub$/),
      expect.stringMatching(/Take refused, you · held by Yanis Le Goff, not sent to the hub$/),
    ]);
  });
});

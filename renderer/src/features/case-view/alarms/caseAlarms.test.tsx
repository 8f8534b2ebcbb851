// @vitest-environment jsdom
// The case's alarms (newest first), the beacon's state and the abort mark, as the operator reads them.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { BeaconState } from '@shared/domain/beacon-state';
import type { Case } from '@shared/domain/case';
import type { CaseHistoryEntry } from '@shared/domain/case-history';
import type { Language } from '../../../i18n';
import { FakeApiClientMock } from '../../../test/FakeApiClientMock';
import { makeCase, makeSession } from '../../../test/fixtures';
import { withLayoutStub } from '../../../test/layout';
import { renderApp } from '../../../test/render';

withLayoutStub();

let seq = 0;
function alarm(at: string, payload: Record<string, unknown>): CaseHistoryEntry {
  seq += 1;
  return { id: `01J${String(seq).padStart(23, '0')}`, at, source: 'hub', type: 'alarm.received', actor: null, payload: { beaconId: 'B-001', drill: false, ...payload } };
}

const BEACON: BeaconState = {
  beaconId: 'B-001',
  lastSeenAt: '2025-03-14T08:00:05.000Z',
  lastHeartbeatAt: '2025-03-14T07:30:00.000Z',
  heartbeatPeriodS: 3600,
  expectedBy: '2025-03-14T09:30:00.000Z',
  silentSince: null,
  battery: 12,
  charger: 'unplugged',
  mains: null,
  position: { lat: 47.27351, lon: -2.21379 },
  positionAt: '2025-03-14T08:00:05.000Z',
  lastSelfTestAt: null,
  lastSelfTestOk: null,
  lastTestTransmissionAt: null,
};

async function openCase(c: Case, entries: CaseHistoryEntry[], lang?: Language) {
  const api = new FakeApiClientMock()
    .handle('session.get', () => makeSession())
    .handle('cases.list', () => [c])
    .handle('cases.history', ({ caseId }) => ({ caseId, entries, hubAvailable: true }));
  const view = renderApp({ api, ...(lang ? { lang } : {}) });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  return { api, view };
}

const texts = (list: HTMLElement) => within(list).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());

describe('the case’s alarms', () => {
  it('lists every alarm of the case, newest first, with its kind, time, beacon, text and details', async () => {
    const entries = [
      alarm('2025-03-14T08:00:01.000Z', { kind: 'ppms.confinement', text: 'Confinement', joined: false }),
      alarm('2025-03-14T08:00:09.000Z', { kind: 'ppms.intrusion', beaconId: 'B-002', text: 'Individu armé côté cour', details: { stc: '0010', dty: '14' }, joined: true }),
      alarm('2025-03-14T08:00:05.000Z', { kind: 'device.low-battery', joined: true }),
    ];
    await openCase(makeCase({ alarmCount: 3 }), entries);
    const region = screen.getByRole('region', { name: 'Alarmes du dossier (3)' });
    expect(region).toBeVisible();
    const list = within(region).getByRole('list', { name: 'Alarmes du dossier, de la plus récente à la plus ancienne' });
    await within(list).findAllByRole('listitem');
    const shown = texts(list);
    expect(shown).toHaveLength(3);
    expect(shown[0]).toContain('PPMS — Intrusion / attentat');
    expect(shown[0]).toContain('balise B-002');
    expect(shown[0]).toContain('Individu armé côté cour');
    expect(shown[0]).toContain('stc 0010 · dty 14');
    expect(shown[1]).toContain('Batterie faible');
    expect(shown[2]).toContain('Confinement');
  });

  it('grows live when the hub pushes the next alarm of the case', async () => {
    const first = alarm('2025-03-14T08:00:01.000Z', { kind: 'pti.sos' });
    const c = makeCase({ alarmCount: 2, kind: 'pti.sos' });
    const { api } = await openCase(c, [first, alarm('2025-03-14T08:00:02.000Z', { kind: 'pti.sos' })]);
    const list = await screen.findByRole('list', { name: 'Alarmes du dossier, de la plus récente à la plus ancienne' });
    await within(list).findAllByRole('listitem');
    act(() => {
      api.emit('cases.changed', { case: { ...c, version: 2, alarmCount: 3 } });
      api.emit('cases.history', { caseId: c.id, entries: [alarm('2025-03-14T08:00:30.000Z', { kind: 'pti.man-down', text: 'Chute' })] });
    });
    expect(await screen.findByRole('region', { name: 'Alarmes du dossier (3)' })).toBeVisible();
    expect(texts(list)[0]).toContain('Chute');
  });

  it('is not shown for a case of one alarm (the header says it all)', async () => {
    await openCase(makeCase({ alarmCount: 1 }), [alarm('2025-03-14T08:00:01.000Z', { kind: 'ppms.intrusion' })]);
    expect(await screen.findByRole('heading', { name: 'Historique du dossier' })).toBeVisible();
    expect(screen.queryByRole('region', { name: /Alarmes du dossier/ })).toBeNull();
  });
});

describe('the beacon’s state', () => {
  it('shows its last heartbeat, battery, charger and last position, low battery and unplugged charger marked', async () => {
    await openCase(makeCase({ beacon: BEACON }), []);
    const region = screen.getByRole('region', { name: 'État de la balise' });
    expect(region).toBeVisible();
    expect(within(region).getByText('12 %')).toHaveStyle({ fontWeight: '700' });
    expect(within(region).getByText('débranché')).toBeVisible();
    expect(within(region).getByText(/47\.27351, -2\.21379/)).toBeVisible();
    expect(region).toHaveTextContent('Dernière pulsation');
  });

  it('says when the hub never heard the beacon (not supervised)', async () => {
    await openCase(makeCase({ beacon: null }), []);
    expect(screen.getByRole('region', { name: 'État de la balise' })).toHaveTextContent('Non supervisée : le hub n’a reçu de cette balise ni pulsation ni message de test.');
  });

  it('flags a silent beacon, in English', async () => {
    await openCase(makeCase({ beacon: { ...BEACON, silentSince: '2025-03-14T09:31:00.000Z' } }), [], 'en');
    const region = screen.getByRole('region', { name: 'Beacon status' });
    expect(within(region).getByText('Silent since')).toBeVisible();
  });
});

describe('the beacon’s abort', () => {
  it('marks the case, with the beacon’s words, and the history says it', async () => {
    const abort: CaseHistoryEntry = { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', at: '2025-03-14T08:03:00.000Z', source: 'hub', type: 'alarm.aborted', actor: null, payload: { text: 'Délai dépassé' } };
    await openCase(makeCase({ beaconAbort: { at: '2025-03-14T08:03:00.000Z', text: 'Délai dépassé' } }), [abort]);
    const mark = screen.getByTestId('beacon-abort');
    expect(mark).toBeVisible();
    expect(mark).toHaveTextContent(/La balise a abandonné l’appel à .* — Délai dépassé/);
    const history = await screen.findByRole('list', { name: 'Historique du dossier' });
    expect(await within(history).findByText('Abandon de la balise')).toBeVisible();
  });
});

describe('a technical case the hub closed itself', () => {
  it('says in the history that the hub closed it when the beacon restored the fault', async () => {
    const closed: CaseHistoryEntry = {
      id: '01JZZZZZZZZZZZZZZZZZZZZZZY',
      at: '2025-03-14T08:04:00.000Z',
      source: 'hub',
      type: 'case.closed',
      actor: null,
      payload: { closureCode: 'technical-handled', note: null, by: 'system', reason: 'restored' },
    };
    await openCase(makeCase({ kind: 'device.charger-unplugged', priority: 4 }), [closed]);
    const history = await screen.findByRole('list', { name: 'Historique du dossier' });
    const line = await within(history).findByText(/par le hub : défaut rétabli par la balise/);
    expect(line).toBeVisible();
  });
});

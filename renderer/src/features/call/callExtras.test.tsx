// @vitest-environment jsdom
// The technical test call dialog and the case's recordings (waveform, seek slider, address with the token).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import wavefile from 'wavefile';
import { ApiError, type CallView, type Recording } from '@shared/contract';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, OP1, T0 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import { fakeCallPlatform } from './FakeCallAudioMock';

withLayoutStub();
afterEach(() => vi.unstubAllGlobals());

const hasRecordings = new WeakSet<FakeApiClientMock>();
const mine = makeCase({ owner: { operatorId: OP1.id, displayName: OP1.displayName }, status: 'claimed', claimedAt: T0 });

async function openCase(api: FakeApiClientMock, recordings = true) {
  if (recordings && !hasRecordings.has(api)) api.handle('voice.recordings', () => []);
  api.handle('session.get', () => makeSession()).handle('cases.list', () => [mine]).handle('voice.calls', () => ({ calls: [] }));
  const view = renderApp({ api, call: fakeCallPlatform() });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(mine.siteName) }));
  await screen.findByRole('heading', { name: 'Phonie avec la balise' });
  return view;
}

describe('technical test call', { timeout: 90_000 }, () => {
  it('will not call without a reason of at least 10 characters, then calls with it trimmed', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.testCall', ({ beaconId, reason }) => ({ callId: 't-1', caseId: null, party: 'beacon', peer: beaconId, contact: null, direction: 'outbound', phase: 'ringing', mode: 'listen', sending: false, recording: true, testReason: reason, bridgedWith: null, startedAt: T0, connectedAt: null, endedAt: null, outcome: null }) satisfies CallView);
    await openCase(api);
    fireEvent.click(screen.getByRole('button', { name: 'Appel technique de test…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Appel technique de test' });
    expect(within(dialog).getByRole('textbox', { name: /Balise/ })).toHaveValue('B-001');
    const reason = within(dialog).getByRole('textbox', { name: /Motif/ });
    fireEvent.change(reason, { target: { value: '  essai  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Appeler pour test' }));
    expect(await within(dialog).findByText('Motif trop court : au moins 10 caractères.')).toBeVisible();
    expect(api.callsOf('voice.testCall')).toEqual([]);

    fireEvent.change(reason, { target: { value: '  Contrôle du micro après remplacement de la balise  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Appeler pour test' }));
    await waitFor(() => expect(api.callsOf('voice.testCall')).toEqual([{ beaconId: 'B-001', reason: 'Contrôle du micro après remplacement de la balise' }]));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(), { timeout: 10_000 });
    expect(within(screen.getByRole('banner')).getByText('La balise sonne…')).toBeVisible();
    // The test call belongs to no case, but the panel it was placed from shows it and can hang it up.
    const panel = screen.getByRole('region', { name: 'Phonie avec la balise' });
    expect(within(panel).getByText('Appel de test')).toBeVisible();
    expect(within(panel).getByRole('button', { name: /Raccrocher/ })).toBeEnabled();
  });

  it('keeps the dialog open with main’s refusal', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.testCall', () => {
      throw new ApiError('forbidden', 'Appel de test refusé : balise inconnue.');
    });
    await openCase(api);
    fireEvent.click(screen.getByRole('button', { name: 'Appel technique de test…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Appel technique de test' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Motif/ }), { target: { value: 'Vérification après maintenance' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Appeler pour test' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Appel de test refusé : balise inconnue.');
  });
});

function wavBytes(seconds: number): ArrayBuffer {
  const n = 8000 * seconds;
  const wav = new wavefile.WaveFile();
  wav.fromScratch(2, 8000, '16', [Array.from({ length: n }, (_, i) => (i % 2 ? 9000 : -9000)), new Array<number>(n).fill(0)]);
  const b = wav.toBuffer();
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

describe('recordings of the case', { timeout: 90_000 }, () => {
  it('lists each recording with its waveform, a seek slider in words, and the address carrying the token', async () => {
    const rec: Recording = { recordingId: 'rec-1', callId: 'call-1', caseId: mine.id, peer: 'B-001', startedAt: T0, durationMs: 3000, sha256: 'c'.repeat(64), url: '/recordings/rec-1.wav', channels: ['peer', 'operator'] };
    const fetched: string[] = [];
    // jsdom cannot reach the console's HTTP server: the WAV main would serve stands in.
    vi.stubGlobal('fetch', async (url: string | URL) => {
      fetched.push(String(url));
      return new Response(wavBytes(3), { headers: { 'content-type': 'audio/wav' } });
    });
    const api = new FakeApiClientMock();
    api.handle('voice.recordings', ({ caseId }) => (caseId === mine.id ? [rec] : []));
    hasRecordings.add(api);
    const { container } = await openCase(api);
    const region = await screen.findByRole('region', { name: 'Enregistrements du dossier' });
    expect(within(region).getByText(/^Appel B-001, 14\/03\/2025 \d\d:00:00, 0:03$/)).toBeVisible();
    await waitFor(() => expect(within(region).queryByText('Chargement de la forme d’onde…')).not.toBeInTheDocument());
    expect(within(region).queryByText('Forme d’onde indisponible')).not.toBeInTheDocument();
    expect(within(region).getByRole('img', { name: 'Forme d’onde : la balise en haut, l’opérateur en bas' })).toBeVisible();
    // (StrictMode runs the effect twice in development: the same address both times. The case map fetches its stations too.)
    expect([...new Set(fetched.filter((u) => u.includes('/recordings/')))]).toEqual(['/recordings/rec-1.wav?token=test-token']);
    expect(container.querySelector('audio')).toHaveAttribute('src', '/recordings/rec-1.wav?token=test-token');

    const seek = within(region).getByRole('slider', { name: 'Position dans l’enregistrement' });
    expect(seek).toHaveAttribute('aria-valuetext', '0:00 sur 0:03');
    fireEvent.keyDown(seek, { key: 'ArrowRight' });
    expect(seek).toHaveAttribute('aria-valuetext', '0:01 sur 0:03');
    fireEvent.keyDown(seek, { key: 'End' });
    expect(seek).toHaveAttribute('aria-valuetext', '0:03 sur 0:03');
    expect(within(region).getByRole('button', { name: 'Écouter' })).toBeEnabled();
    expect(within(region).getByText(`SHA-256 ${'c'.repeat(64)}`)).toBeVisible();
  });

  it('says when the case has none', async () => {
    await openCase(new FakeApiClientMock());
    expect(await screen.findByText('Aucun enregistrement pour ce dossier.')).toBeVisible();
  });

  it('says when they cannot be listed', async () => {
    const api = new FakeApiClientMock().fail('voice.recordings', 'unknown-method');
    hasRecordings.add(api);
    await openCase(api);
    expect(await screen.findByText('Enregistrements indisponibles.')).toBeVisible();
  });
});

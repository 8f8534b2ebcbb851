// @vitest-environment jsdom
// The call panel in the case view and the app bar's indicator, driven through the voice.* requests.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiError, type CallView } from '@shared/contract';
import type { Case } from '@shared/domain/case';
import { FakeApiClientMock } from '../../test/FakeApiClientMock';
import { makeCase, makeSession, OP1, OP2, T0 } from '../../test/fixtures';
import { withLayoutStub } from '../../test/layout';
import { renderApp } from '../../test/render';
import { createLinkStatus } from '../../platform/link';
import { fakeCallPlatform } from './FakeCallAudioMock';

withLayoutStub();

const mine = makeCase({ owner: { operatorId: OP1.id, displayName: OP1.displayName }, status: 'claimed', claimedAt: T0 });

function makeCall(over: Partial<CallView> = {}): CallView {
  return {
    callId: 'call-1',
    caseId: mine.id,
    party: 'beacon',
    peer: 'B-001',
    contact: null,
    direction: 'outbound',
    phase: 'connected',
    mode: 'listen',
    sending: false,
    recording: true,
    testReason: null,
    bridgedWith: null,
    startedAt: T0,
    connectedAt: T0,
    endedAt: null,
    outcome: null,
    ...over,
  };
}

async function openCase(c: Case, api = new FakeApiClientMock(), opts: { call?: ReturnType<typeof fakeCallPlatform> | null } = {}) {
  api
    .handle('session.get', () => makeSession())
    .handle('cases.list', () => [c])
    .handle('voice.recordings', () => []);
  const call = opts.call === undefined ? fakeCallPlatform() : opts.call;
  const view = renderApp({ api, call: call ?? undefined });
  fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(c.siteName) }));
  await screen.findByRole('heading', { name: 'Phonie avec la balise' });
  return { ...view, call };
}

const press = (key: string, code: string, extra: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(document.body, { key, code, altKey: true, shiftKey: true, ...extra });

// The whole console renders (queue, case, map, script): generous on a shared, slow machine.
describe('call panel', { timeout: 90_000 }, () => {
  it('calls the beacon of my case in discreet listening and shows the call live in the app bar', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.callBeacon', ({ caseId, mode }) => makeCall({ caseId, mode }));
    const { call } = await openCase(mine, api);
    fireEvent.click(screen.getByRole('button', { name: /Appeler la balise \(écoute discrète\)/ }));
    await screen.findByRole('button', { name: /Raccrocher/ });
    expect(api.callsOf('voice.callBeacon')).toEqual([{ caseId: mine.id, mode: 'listen' }]);
    const bar = screen.getByRole('banner');
    expect(within(bar).getByText('Audio en direct')).toBeVisible();
    expect(within(bar).getByLabelText('Audio en direct : B-001')).toBeVisible();
    expect(within(bar).getByText('Micro fermé')).toBeVisible();
    expect(within(bar).getByText('Enregistré')).toBeVisible();
    expect(screen.getByRole('button', { name: /Écoute discrète/ })).toHaveAttribute('aria-pressed', 'true');
    // The page's audio runs for the call, the microphone does not go out.
    await waitFor(() => expect(call?.audio.started).toHaveLength(1));
    expect(call?.audio.sending).toBe(false);
  });

  it('offers no call on a case I do not own, and says why', async () => {
    await openCase(makeCase({ owner: { operatorId: OP2.id, displayName: OP2.displayName }, status: 'claimed', claimedAt: T0 }));
    const callButton = screen.getByRole('button', { name: /Appeler la balise/ });
    expect(callButton).toBeDisabled();
    expect(callButton).toHaveAccessibleDescription('Appel possible uniquement sur un dossier ouvert que vous avez pris en charge.');
  });

  it('shows the privacy guard’s refusal as main words it', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.callBeacon', () => {
      throw new ApiError('forbidden', 'Appel refusé : ce dossier n’est plus à vous.');
    });
    await openCase(mine, api);
    fireEvent.click(screen.getByRole('button', { name: /Appeler la balise/ }));
    // Scoped to the panel: other parts of the case (map, script) may raise their own alerts.
    expect(await within(screen.getByRole('region', { name: 'Phonie avec la balise' })).findByRole('alert')).toHaveTextContent('Appel refusé : ce dossier n’est plus à vous.');
  });

  it('switches modes from the keyboard, opens the microphone only in talk, and hangs up', async () => {
    const api = new FakeApiClientMock();
    let current = makeCall();
    api
      .handle('voice.calls', () => ({ calls: [current] }))
      .handle('voice.setMode', ({ mode }) => (current = { ...current, mode, sending: mode === 'talk' }))
      .handle('voice.hangup', () => (current = { ...current, phase: 'ended', endedAt: T0, outcome: 'answered' }));
    const { call } = await openCase(mine, api);
    await screen.findByRole('button', { name: /Raccrocher/ });
    expect(screen.getByRole('button', { name: /Parler \(micro ouvert\)/ })).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+P');
    expect(screen.getByRole('button', { name: /Parler \(micro ouvert\)/ })).toHaveTextContent('Alt+Maj+P');

    press('P', 'KeyP');
    await waitFor(() => expect(screen.getByRole('button', { name: /Parler/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(api.callsOf('voice.setMode')).toEqual([{ callId: 'call-1', mode: 'talk' }]);
    expect(within(screen.getByRole('banner')).getByText('Micro ouvert')).toBeVisible();
    expect(call?.audio.sending).toBe(true);

    // AZERTY: the A key types 'A' wherever it sits.
    press('A', 'KeyQ');
    await waitFor(() => expect(screen.getByRole('button', { name: /Alternat/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(call?.audio.sending).toBe(false);
    press('M', 'Semicolon');
    await waitFor(() => expect(screen.getByRole('button', { name: /Micro coupé/ })).toHaveAttribute('aria-pressed', 'true'));
    press('E', 'KeyE');
    await waitFor(() => expect(screen.getByRole('button', { name: /Écoute discrète/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(api.callsOf('voice.setMode')).toEqual(['talk', 'ptt', 'mute', 'listen'].map((mode) => ({ callId: 'call-1', mode })));

    press('R', 'KeyR');
    await waitFor(() => expect(screen.queryByRole('button', { name: /Raccrocher/ })).not.toBeInTheDocument());
    expect(api.callsOf('voice.hangup')).toEqual([{ callId: 'call-1' }]);
    await waitFor(() => expect(call?.audio.stops).toBe(1));
    expect(screen.getByRole('button', { name: /Appeler la balise/ })).toBeEnabled();
  });

  it('talks while the space bar is held in push-to-talk, and stops when it is released', async () => {
    const api = new FakeApiClientMock();
    let current = makeCall({ mode: 'ptt' });
    api.handle('voice.calls', () => ({ calls: [current] })).handle('voice.ptt', ({ down }) => (current = { ...current, sending: down }));
    const { call } = await openCase(mine, api);
    const hold = await screen.findByRole('button', { name: 'Maintenir pour parler (Espace)' });
    expect(hold).toHaveAttribute('aria-pressed', 'false');

    fireEvent.keyDown(document.body, { key: ' ', code: 'Space' });
    expect(call?.audio.sending).toBe(true);
    expect(screen.getByRole('button', { name: 'Vous parlez…' })).toHaveAttribute('aria-pressed', 'true');
    // Auto-repeat of a held key sends nothing more.
    fireEvent.keyDown(document.body, { key: ' ', code: 'Space', repeat: true });
    fireEvent.keyUp(document.body, { key: ' ', code: 'Space' });
    expect(call?.audio.sending).toBe(false);
    await waitFor(() => expect(api.callsOf('voice.ptt')).toEqual([{ callId: 'call-1', down: true }, { callId: 'call-1', down: false }]));

    // Space on another control is that control's, not the microphone's.
    fireEvent.keyDown(screen.getByRole('button', { name: /Raccrocher/ }), { key: ' ', code: 'Space' });
    expect(call?.audio.sending).toBe(false);

    // The on-screen button: pressed, then released.
    fireEvent.pointerDown(screen.getByRole('button', { name: 'Maintenir pour parler (Espace)' }), { pointerId: 1 });
    expect(call?.audio.sending).toBe(true);
    fireEvent.pointerUp(screen.getByRole('button', { name: 'Vous parlez…' }), { pointerId: 1 });
    expect(call?.audio.sending).toBe(false);
  });

  it('turns the beacon’s loudspeaker down and up (buttons and Alt+Shift+arrows)', async () => {
    const api = new FakeApiClientMock();
    const current = makeCall();
    api.handle('voice.calls', () => ({ calls: [current] })).handle('voice.beaconVolume', () => current);
    await openCase(mine, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Baisser le haut-parleur de la balise' }));
    await waitFor(() => expect(api.callsOf('voice.beaconVolume')).toHaveLength(1));
    press('ArrowUp', 'ArrowUp');
    await waitFor(() =>
      expect(api.callsOf('voice.beaconVolume')).toEqual([
        { callId: 'call-1', direction: 'down' },
        { callId: 'call-1', direction: 'up' },
      ]),
    );
  });

  it('shows the levels main reports when the page has no audio of its own', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.calls', () => ({ calls: [makeCall()] }));
    await openCase(mine, api, { call: null });
    const peer = await screen.findByRole('meter', { name: 'Niveau reçu' });
    expect(peer).toHaveAttribute('aria-valuenow', '0');
    act(() => api.emit('voice.level', { callId: 'call-1', peer: 0.42, operator: 0.1 }));
    expect(peer).toHaveAttribute('aria-valuenow', '42');
    expect(screen.getByRole('meter', { name: 'Votre micro' })).toHaveAttribute('aria-valuetext', '10 %');
  });

  it('polls the page’s own analysers while its audio runs', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.calls', () => ({ calls: [makeCall()] }));
    const platform = fakeCallPlatform();
    platform.audio.fakeLevels = { peer: 0.7, operator: 0.25 };
    await openCase(mine, api, { call: platform });
    await waitFor(() => expect(screen.getByRole('meter', { name: 'Niveau reçu' })).toHaveAttribute('aria-valuenow', '70'));
    expect(screen.getByRole('meter', { name: 'Votre micro' })).toHaveAttribute('aria-valuenow', '25');
  });

  it('keeps the headset and volume choices, and says when the microphone is refused', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.calls', () => ({ calls: [makeCall()] }));
    const platform = fakeCallPlatform();
    platform.audio.fakeDevices = { inputs: [{ deviceId: 'mic-2', label: 'Casque Jabra' }], outputs: [{ deviceId: 'out-2', label: 'Casque Jabra (sortie)' }], canChooseOutput: true };
    const { prefs } = await openCase(mine, api, { call: platform });
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: 'Micro' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Casque Jabra' }));
    await waitFor(() => expect(platform.audio.inputs).toEqual(['mic-2']));
    expect(prefs.get('callInput')).toBe('mic-2');

    const volume = screen.getByRole('slider', { name: 'Volume d’écoute' });
    fireEvent.keyDown(volume, { key: 'ArrowLeft' });
    expect(platform.audio.volume).toBeCloseTo(0.75);
    expect(prefs.get('callVolume')).toBe('0.75');

    act(() => platform.audio.setState({ running: true, micLive: false, problem: 'mic-denied' }));
    expect(within(screen.getByRole('region', { name: 'Phonie avec la balise' })).getByRole('alert')).toHaveTextContent('Micro refusé par le navigateur');
  });

  it('asks for the calls again when the link to the host comes back (events missed meanwhile)', async () => {
    const api = new FakeApiClientMock();
    let calls: CallView[] = [];
    api.handle('session.get', () => makeSession()).handle('cases.list', () => [mine]).handle('voice.recordings', () => []).handle('voice.calls', () => ({ calls }));
    const link = createLinkStatus('open');
    renderApp({ api, link, call: fakeCallPlatform() });
    fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(mine.siteName) }));
    await screen.findByRole('button', { name: /Appeler la balise/ });
    act(() => link.set('closed'));
    calls = [makeCall()];
    act(() => link.set('open'));
    expect(await screen.findByRole('button', { name: /Raccrocher/ })).toBeVisible();
  });

  it('speaks English too', async () => {
    const api = new FakeApiClientMock();
    api.handle('voice.calls', () => ({ calls: [makeCall({ mode: 'talk' })] }));
    api.handle('session.get', () => makeSession()).handle('cases.list', () => [mine]).handle('voice.recordings', () => []);
    renderApp({ api, lang: 'en', call: fakeCallPlatform() });
    fireEvent.click(await screen.findByRole('listitem', { name: new RegExp(mine.siteName) }));
    expect(await screen.findByRole('button', { name: /Talk \(open mic\)/ })).toHaveTextContent('Alt+Shift+P');
    expect(within(screen.getByRole('banner')).getByText('Mic open')).toBeVisible();
  });
});

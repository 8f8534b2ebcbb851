// @vitest-environment jsdom
// The store follows the host: login loads the queue, a reconnect refetches it, logout clears it.
import { describe, expect, it } from 'vitest';
import { FakeApiClientMock } from '../test/FakeApiClientMock';
import { makeCase, makeSession } from '../test/fixtures';
import { createLinkStatus } from '../platform/link';
import { bindStore } from './bind';
import { createConsoleStore } from './store';

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('bindStore', () => {
  it('loads the queue for a logged-in operator, refetches after a reconnect, clears on logout', async () => {
    let listed = [makeCase({ id: 'a' })];
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => listed);
    const link = createLinkStatus('connecting');
    const store = createConsoleStore();
    const unbind = bindStore(api, link, store);
    link.set('open');
    await tick();
    expect(Object.keys(store.getState().cases)).toEqual(['a']);

    // Missed while disconnected: 'a' was closed elsewhere and 'b' arrived.
    link.set('closed');
    listed = [makeCase({ id: 'b' })];
    link.set('connecting');
    link.set('open');
    await tick();
    expect(Object.keys(store.getState().cases)).toEqual(['b']);
    expect(store.getState().link).toBe('open');

    api.emit('session.changed', makeSession(null));
    expect(store.getState().operator).toBeNull();
    expect(store.getState().cases).toEqual({});
    unbind();
  });

  it('applies a burst of deltas in one batch, keeping the newest version of each case', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession());
    const store = createConsoleStore();
    const link = createLinkStatus('open');
    bindStore(api, link, store);
    await tick();
    let updates = 0;
    store.subscribe((n, p) => n.cases !== p.cases && updates++);
    for (let v = 1; v <= 50; v++) api.emit('cases.changed', { case: makeCase({ id: 'c', version: v, status: v === 50 ? 'claimed' : 'open' }) });
    api.emit('cases.changed', { case: makeCase({ id: 'c', version: 3 }) });
    await tick();
    expect(updates).toBe(1);
    expect(store.getState().cases.c?.version).toBe(50);
    expect(store.getState().cases.c?.status).toBe('claimed');
  });

  it('says the session was lost when the host comes back without it (restart), not on a plain logout', async () => {
    let session = makeSession();
    const api = new FakeApiClientMock().handle('session.get', () => session).handle('cases.list', () => []);
    const link = createLinkStatus('connecting');
    const store = createConsoleStore();
    bindStore(api, link, store);
    link.set('open');
    await tick();
    expect(store.getState().operator).not.toBeNull();

    link.set('closed');
    session = makeSession(null);
    link.set('connecting');
    link.set('open');
    await tick();
    expect(store.getState().operator).toBeNull();
    expect(store.getState().sessionLostOnRestart).toBe(true);

    api.emit('session.changed', makeSession());
    expect(store.getState().sessionLostOnRestart).toBe(false);
    api.emit('session.changed', makeSession(null));
    expect(store.getState().sessionLostOnRestart).toBe(false);
  });

  it('clears an action error once the hub is back', async () => {
    const api = new FakeApiClientMock().handle('session.get', () => makeSession()).handle('cases.list', () => []);
    const store = createConsoleStore();
    bindStore(api, createLinkStatus('open'), store);
    await tick();
    const hub = store.getState().hub!;
    api.emit('hub.status', { ...hub, connected: false });
    store.getState().setActionError({ caseId: 'a', action: 'claim', error: new Error('hub down') });
    api.emit('hub.status', { ...hub, connected: true });
    expect(store.getState().actionError).toBeNull();
  });
});

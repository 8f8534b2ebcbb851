/**
 * Feeds the store from the host: subscribes to contract events and refetches
 * the session and the queue whenever the link (re)opens or an operator logs in.
 * Deltas are batched per animation-frame-sized window so a flood of thousands
 * of alarms costs a few store updates, not thousands.
 */
import type { ApiClient } from '@shared/contract';
import type { Case } from '@shared/domain/case';
import type { LinkStatus } from '../platform/link';
import type { ConsoleStore } from './store';

const BATCH_MS = 16;

export function bindStore(api: ApiClient, link: LinkStatus, store: ConsoleStore): () => void {
  const s = () => store.getState();
  let batch: Case[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const flush = () => {
    timer = undefined;
    const cases = batch;
    batch = [];
    if (cases.length) s().applyCases(cases);
  };

  async function refreshCases(): Promise<void> {
    try {
      const cases = await api.invoke('cases.list', {});
      if (disposed) return;
      flush();
      s().applySnapshot(cases);
    } catch (err) {
      console.error('[veille] cases.list failed', err);
    }
  }

  async function refreshCommands(): Promise<void> {
    try {
      const list = await api.invoke('commands.list', {});
      if (!disposed) s().setCommands(list);
    } catch (err) {
      console.error('[veille] commands.list failed', err);
    }
  }

  async function refreshSession(): Promise<void> {
    try {
      const state = await api.invoke('session.get', {});
      if (disposed) return;
      const sameOperator = (s().operator?.id ?? null) === (state.operator?.id ?? null);
      // Refetched after the link reopened: a session that vanished means the host restarted.
      if (s().operator && !state.operator) s().setSessionLostOnRestart(true);
      s().setSession(state);
      // A new operator triggers the load below; the same one after a reconnect may have missed deltas.
      if (sameOperator && state.operator) {
        void refreshCases();
        void refreshCommands();
      }
    } catch (err) {
      console.error('[veille] session.get failed', err);
    }
    api.invoke('journal.outbox', {}).then(
      (o) => !disposed && s().setOutbox(o),
      () => {},
    );
  }

  const offs = [
    api.on('cases.snapshot', ({ cases }) => {
      flush();
      s().applySnapshot(cases);
    }),
    api.on('cases.changed', ({ case: c }) => {
      batch.push(c);
      timer ??= setTimeout(flush, BATCH_MS);
    }),
    api.on('hub.status', (hub) => {
      const wasDown = s().hub?.connected === false;
      s().setHub(hub);
      // An action refused while the hub was away is no longer the news once it is back.
      if (wasDown && hub.connected) s().setActionError(null);
    }),
    api.on('journal.outbox', (o) => s().setOutbox(o)),
    api.on('commands.changed', ({ command }) => s().applyCommand(command)),
    api.on('session.changed', (state) => s().setSession(state)),
    link.subscribe((state) => {
      s().setLink(state, link.problem ?? null);
      if (state === 'open') void refreshSession();
    }),
    // Whoever reports the session (login answer, event, refetch), a change of operator reloads or clears the queue.
    store.subscribe((next, prev) => {
      if ((next.operator?.id ?? null) === (prev.operator?.id ?? null)) return;
      batch = [];
      if (next.operator) {
        void refreshCases();
        void refreshCommands();
      } else {
        s().clearCases();
        s().setCommands([]);
        s().openCase(null);
        s().setCursor(null);
      }
    }),
  ];
  s().setLink(link.get(), link.problem ?? null);
  // A connecting link queues this request; an Electron link is open already.
  if (link.get() !== 'connecting') void refreshSession();

  return () => {
    disposed = true;
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
}

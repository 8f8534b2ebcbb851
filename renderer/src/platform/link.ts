/**
 * State of the link between this page and its host (Electron main or the
 * browser-mode Node host). Separate from the hub status: the host may be
 * reachable while the hub is not, and the UI must not show a dead link as live.
 */
export type LinkState = 'connecting' | 'open' | 'closed';

export interface LinkStatus {
  get(): LinkState;
  /** Set when the link cannot work at all (e.g. browser mode opened without its token). */
  readonly problem?: 'missing-token';
  subscribe(listener: (state: LinkState) => void): () => void;
}

/** A link that is always up: Electron IPC cannot drop while the window lives. */
export const alwaysOpenLink: LinkStatus = {
  get: () => 'open',
  subscribe: () => () => {},
};

/** Small observable used by transports that can drop (the WebSocket). */
export function createLinkStatus(initial: LinkState): LinkStatus & { set(state: LinkState): void } {
  let state = initial;
  const listeners = new Set<(s: LinkState) => void>();
  return {
    get: () => state,
    set(next) {
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

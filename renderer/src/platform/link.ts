/**
 * State of the link between this page and its host (Electron main or the
 * browser-mode Node host). Separate from the hub status: the host may be
 * reachable while the hub is not, and the UI must not show a dead link as live.
 */
export type LinkState = 'connecting' | 'open' | 'closed';

/**
 * Why the link cannot work at all, so retrying is pointless:
 * - `missing-token`: browser mode opened without its launch token;
 * - `token-refused`: the host answers but refuses our token (it restarted with a new one).
 */
export type LinkProblem = 'missing-token' | 'token-refused';

export interface LinkStatus {
  get(): LinkState;
  /** Set when the link cannot work at all; listeners are notified when it changes. */
  readonly problem?: LinkProblem;
  subscribe(listener: (state: LinkState) => void): () => void;
}

/** A link that is always up: Electron IPC cannot drop while the window lives. */
export const alwaysOpenLink: LinkStatus = {
  get: () => 'open',
  subscribe: () => () => {},
};

export type MutableLinkStatus = LinkStatus & { set(state: LinkState): void; setProblem(problem: LinkProblem): void };

/** Small observable used by transports that can drop (the WebSocket). */
export function createLinkStatus(initial: LinkState): MutableLinkStatus {
  let state = initial;
  let problem: LinkProblem | undefined;
  const listeners = new Set<(s: LinkState) => void>();
  const notify = () => {
    for (const l of [...listeners]) l(state);
  };
  return {
    get: () => state,
    get problem() {
      return problem;
    },
    set(next) {
      if (next === state) return;
      state = next;
      notify();
    },
    setProblem(next) {
      if (next === problem) return;
      problem = next;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

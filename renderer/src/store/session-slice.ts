/** Who is logged in and what the host says about the hub, as last reported by the host. */
import type { StateCreator } from 'zustand/vanilla';
import type { HubStatus, OutboxStatus, SessionEnd, SessionState } from '@shared/contract';
import type { Operator } from '@shared/domain/operator';
import type { LinkProblem, LinkState } from '../platform/link';
import type { ConsoleState } from './types';

export type SessionSlice = {
  operator: Operator | null;
  /** Null until the host has answered `session.get` once. */
  hub: HubStatus | null;
  outbox: OutboxStatus | null;
  /** Link between this page and its host (not the hub). */
  link: LinkState;
  linkProblem: LinkProblem | null;
  /** The hub has been unreachable long enough to warn (see features/hub-watch). */
  hubDown: boolean;
  /** The host came back without the operator's session (it restarted): say so at login. */
  sessionLostOnRestart: boolean;
  /** The hub ended the last session (revoked, password changed, account removed, 12 h): the login screen says why. */
  sessionEnded: SessionEnd | null;
  setSession(state: SessionState): void;
  setSessionLostOnRestart(lost: boolean): void;
  setHub(hub: HubStatus): void;
  setOutbox(outbox: OutboxStatus): void;
  setLink(link: LinkState, problem?: LinkProblem | null): void;
  setHubDown(down: boolean): void;
};

export const createSessionSlice: StateCreator<ConsoleState, [], [], SessionSlice> = (set) => ({
  operator: null,
  hub: null,
  outbox: null,
  link: 'connecting',
  linkProblem: null,
  hubDown: false,
  sessionLostOnRestart: false,
  sessionEnded: null,
  setSession: (s) =>
    set(
      s.operator
        ? { operator: s.operator, hub: s.hub, sessionLostOnRestart: false, sessionEnded: null }
        : { operator: null, hub: s.hub, sessionEnded: s.ended ?? null },
    ),
  setSessionLostOnRestart: (sessionLostOnRestart) => set({ sessionLostOnRestart }),
  setHub: (hub) => set({ hub }),
  setOutbox: (outbox) => set({ outbox }),
  setLink: (link, problem = null) => set({ link, linkProblem: problem }),
  setHubDown: (hubDown) => set({ hubDown }),
});

/**
 * Cuts the live sockets of sessions that are over. A socket is bound to its
 * session, not to the access token it connected with (that token may expire
 * while the socket stays up): every `periodMs` (500 ms by default) the hub reads
 * the sessions of its connected sockets and disconnects those revoked (logout,
 * password change, account removal, also when the admin command line did it from
 * another process), expired (12 h) or whose account is gone, each told why first
 * with a `session.ended` event. A logout on this hub cuts at once (endNow).
 * Every hour (and at start) it also prunes old session rows (auth/sessions.ts).
 */
import type { Namespace, Socket } from 'socket.io';
import { HubEvents, type SessionEndReason, type SessionEnded } from '@shared/hub-protocol/console';
import { endedSessions, pruneSessions } from '../auth/sessions';
import type { HubContext } from '../context';

const PRUNE_EVERY_MS = 3600_000;

export interface SessionWatch {
  /** Tells the sockets of these sessions why their session ended, then disconnects them. */
  endNow(sessionIds: readonly string[], reason: SessionEndReason): void;
  /** One pass over the connected sockets now. */
  check(): Promise<void>;
  stop(): void;
}

/** The session id the handshake put on a socket (namespace.ts). */
export const sessionOf = (socket: Socket): string | undefined => (socket.data as { sessionId?: string }).sessionId;

export function startSessionWatch(nsp: Namespace, hub: HubContext, periodMs: number): SessionWatch {
  const log = hub.logger.child({ part: 'session-watch' });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastPrune = 0;

  function end(socket: Socket, reason: SessionEndReason): void {
    if (!socket.connected) return;
    log.info({ socket: socket.id, sessionId: sessionOf(socket), reason }, 'session over: console disconnected');
    const payload: SessionEnded = { reason };
    socket.emit(HubEvents.sessionEnded, payload);
    // Closing the transport flushes what was written first: the console reads the reason, then the close.
    socket.disconnect(true);
  }

  function bySession(): Map<string, Socket[]> {
    const out = new Map<string, Socket[]>();
    for (const socket of nsp.sockets.values()) {
      const sid = sessionOf(socket);
      if (!sid) continue;
      const list = out.get(sid);
      if (list) list.push(socket);
      else out.set(sid, [socket]);
    }
    return out;
  }

  async function check(): Promise<void> {
    const sockets = bySession();
    if (sockets.size > 0) {
      const ended = await endedSessions(hub.db, [...sockets.keys()]);
      for (const [sid, reason] of ended) for (const socket of sockets.get(sid) ?? []) end(socket, reason);
    }
    if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await pruneSessions(hub.db);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      check()
        .catch((err: unknown) => log.error({ err }, 'session check failed; retrying at the next period'))
        .finally(schedule);
    }, periodMs);
    timer.unref();
  }
  schedule();

  return {
    endNow(sessionIds, reason) {
      const wanted = new Set(sessionIds);
      for (const socket of nsp.sockets.values()) {
        const sid = sessionOf(socket);
        if (sid && wanted.has(sid)) end(socket, reason);
      }
    },
    check,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

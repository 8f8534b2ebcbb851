/**
 * Who receives case deltas, and how a console joins them: snapshot first, then
 * every change committed after it, none older, none missed.
 *
 * The snapshot's rows are read inside the case lane (serial.ts), and in that
 * same section the socket is registered as "joining": from then on every
 * broadcast is also buffered for it. Everything slow (mapping rows, encoding a
 * snapshot of thousands of cases, sending it) happens outside the lane, letting
 * the event loop turn between chunks; commits made meanwhile are buffered. Then, in
 * one synchronous step that no broadcast can interleave with, the hub emits the
 * snapshot, the buffered deltas in order, and puts the socket in the live room.
 *
 * Why this holds: lane sections never overlap, and each broadcast is made in
 * the section that committed it. A change broadcast before the registration
 * was committed before the read, so the snapshot has it; a change broadcast
 * after was committed after the read, so it is newer than the snapshot and is
 * sent after it. The console's CaseStore applies deltas by version, so a delta
 * equal to what it holds would be dropped anyway; what it could not survive is
 * a delta older than the snapshot (a case closed since would come back) or one
 * lost before the snapshot replaced its queue, and neither can happen.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Namespace, Socket } from 'socket.io';
import type { Case } from '@shared/domain/case';
import { HubEvents, type Snapshot } from '@shared/hub-protocol/console';
import { listActiveCaseRows, rowToCase } from '../cases/case-row';
import type { HubContext } from '../context';

/** Room of consoles that have had their snapshot: deltas go only there. */
const LIVE = 'live';
/** Rows mapped between two turns of the event loop: a snapshot of thousands of cases never holds it long. */
const MAP_CHUNK = 250;

export interface LiveRoom {
  /** Sends a changed case to every console; call it inside the lane section that committed it. */
  broadcast(c: Case): void;
  /** Snapshot, then deltas: resolves once the socket is live (or gone). */
  join(socket: Socket): Promise<void>;
}

export function createLiveRoom(nsp: Namespace, hub: HubContext): LiveRoom {
  const joining = new Map<Socket, Case[]>();

  return {
    broadcast(c) {
      nsp.to(LIVE).emit(HubEvents.caseChanged, c);
      for (const buffered of joining.values()) buffered.push(c);
    },

    async join(socket) {
      const buffered: Case[] = [];
      const rows = await hub.serial(async () => {
        const r = await listActiveCaseRows(hub.db);
        joining.set(socket, buffered);
        return r;
      });
      try {
        const cases: Case[] = [];
        for (let i = 0; i < rows.length; i += MAP_CHUNK) {
          for (const r of rows.slice(i, i + MAP_CHUNK)) cases.push(rowToCase(r));
          await nextTurn();
        }
        const snapshot: Snapshot = { cases, serverTime: new Date().toISOString(), demo: hub.demo };
        if (!socket.connected) return;
        // From here to join(): synchronous, so no broadcast lands between the snapshot and the live room.
        socket.emit(HubEvents.snapshot, snapshot);
        for (const c of buffered) socket.emit(HubEvents.caseChanged, c);
        void socket.join(LIVE);
      } finally {
        joining.delete(socket);
      }
    },
  };
}

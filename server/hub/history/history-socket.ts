/**
 * `case.history` on the /console namespace: a console asks for a case's
 * history and, from then on, gets its new entries pushed live (the hub's own
 * events once their change is broadcast, console journal events once stored).
 *
 * A console follows the cases it asked about (at most FOLLOWED_PER_SOCKET, the
 * oldest dropped first), through one socket.io room per case; it asks again
 * after a reconnect. The room is joined before the history is read, so an
 * entry committed in between arrives by push, by answer, or both (the console
 * merges by id), never neither.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Case } from '@shared/domain/case';
import { CaseHistoryHubEvents, CaseHistoryRequest, type CaseHistoryAck, type CaseHistoryEntry, type CaseHistoryPush } from '@shared/domain/case-history';
import type { JournalEvent } from '@shared/domain/journal';
import type { HubContext } from '../context';
import { clip, describeIssues } from '../issues';
import { caseEventsAtVersion, displayNames, journalEntry, readCaseHistory } from './history-read';

export const FOLLOWED_PER_SOCKET = 8;
const roomOf = (caseId: string) => `history:${caseId}`;

export interface CaseHistoryFeature {
  /** Answers this console's `case.history` requests. */
  serve(socket: Socket, log: Logger): void;
  /** Call after a case change is committed and broadcast: pushes the hub events that made this version. */
  caseChanged(c: Case): void;
  /** Stops listening to the hub's bus. */
  detach(): void;
}

type Ack = (a: CaseHistoryAck) => void;

export function attachCaseHistory(nsp: Namespace, hub: HubContext): CaseHistoryFeature {
  const log = hub.logger.child({ part: 'case-history' });
  // Local rooms only: with several hub nodes, the socket.io adapter carries the emit to the others.
  const followed = (caseId: string) => (nsp.adapter.rooms.get(roomOf(caseId))?.size ?? 0) > 0;
  const push = (caseId: string, entries: CaseHistoryEntry[]) => {
    if (entries.length === 0) return;
    const msg: CaseHistoryPush = { caseId, entries };
    nsp.to(roomOf(caseId)).emit(CaseHistoryHubEvents.push, msg);
  };

  const onJournalStored = (events: JournalEvent[]) => {
    const byCase = new Map<string, JournalEvent[]>();
    for (const e of events) {
      if (e.caseId === null || !followed(e.caseId)) continue;
      const list = byCase.get(e.caseId) ?? [];
      list.push(e);
      byCase.set(e.caseId, list);
    }
    if (byCase.size === 0) return;
    displayNames(hub.db, [...byCase.values()].flat().map((e) => e.operatorId)).then(
      (names) => {
        for (const [caseId, list] of byCase) push(caseId, list.map((e) => journalEntry(e, names)));
      },
      (err: unknown) => log.error({ err }, 'case history push of journal events failed; consoles catch up on their next request'),
    );
  };
  hub.bus.on('journal.stored', onJournalStored);

  return {
    serve(socket, socketLog) {
      const mine: string[] = [];
      socket.on(CaseHistoryHubEvents.request, (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return socketLog.warn({ payloadType: typeof payload }, 'case.history without ack callback ignored');
        const args = CaseHistoryRequest.safeParse(payload);
        if (!args.success) {
          socketLog.warn({ issues: args.error.issues.slice(0, 10) }, 'invalid case.history');
          const message = `case.history attend { caseId: identifiant de 1 à 64 caractères } : ${describeIssues(args.error, '(requête)')}`;
          return (ack as Ack)({ ok: false, error: { code: 'invalid-command', message } });
        }
        const { caseId } = args.data;
        answer(caseId).then(ack as Ack, (err: unknown) => {
          socketLog.error({ err, caseId }, 'case.history failed');
          (ack as Ack)({ ok: false, error: { code: 'internal', message: 'Erreur interne du hub, réessayez' } });
        });
      });

      async function answer(caseId: string): Promise<CaseHistoryAck> {
        const known = await hub.db.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
        if (!known) return { ok: false, error: { code: 'not-found', message: `Dossier ${clip(caseId, 64)} introuvable` } };
        follow(caseId);
        const { entries, truncated } = await readCaseHistory(hub.db, caseId);
        return { ok: true, caseId, entries, truncated };
      }

      function follow(caseId: string): void {
        const at = mine.indexOf(caseId);
        if (at >= 0) mine.splice(at, 1);
        mine.push(caseId);
        void socket.join(roomOf(caseId));
        while (mine.length > FOLLOWED_PER_SOCKET) void socket.leave(roomOf(mine.shift()!));
      }
    },

    caseChanged(c) {
      if (!followed(c.id)) return;
      caseEventsAtVersion(hub.db, c.id, c.version).then(
        (entries) => push(c.id, entries),
        (err: unknown) => log.error({ err, caseId: c.id }, 'case history push failed; consoles catch up on their next request'),
      );
    },

    detach() {
      hub.bus.off('journal.stored', onJournalStored);
    },
  };
}

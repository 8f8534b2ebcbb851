/**
 * The directory on the /console namespace (shared/hub-protocol/directory.ts): the whole
 * directory on request, admins' edits (one at a time, pushed to every console in revision
 * order), the directory's journal, and a site's access codes for the owner of an open case
 * there, checked here, at the hub, on every request: codes never leave it otherwise.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  AccessCodesRequest,
  DirectoryChangesRequest,
  DirectoryEdit,
  DirectoryHubEvents,
  type DirectoryChange,
  type DirectoryRefusal,
} from '@shared/hub-protocol/directory';
import type { Actor } from '../auth/tokens';
import { getCase } from '../cases/case-row';
import type { HubContext } from '../context';
import { describeIssues } from '../issues';
import { commitEdit, DirectoryRefused } from './edits';
import { changeFromRow, readAccessCodes, type SiteDirectory } from './store';

type Ack = (a: unknown) => void;
const refuse = (code: DirectoryRefusal['error']['code'], message: string): DirectoryRefusal => ({ ok: false, error: { code, message } });
const INTERNAL = refuse('internal', 'Erreur interne du hub, réessayez');

export interface DirectoryFeature {
  /** Pushes a change to every console (after its commit). */
  push(change: DirectoryChange): void;
}

export function attachDirectory(nsp: Namespace, hub: HubContext, store: SiteDirectory): DirectoryFeature {
  // Edits one after another: revisions are handed out and pushed in order.
  let lane: Promise<unknown> = Promise.resolve();
  const push = (change: DirectoryChange) => nsp.emit(DirectoryHubEvents.changed, change);

  nsp.on('connection', (socket: Socket) => {
    const actor = socket.data.actor as Actor | undefined;
    if (!actor) return;
    const log = hub.logger.child({ part: 'directory', socket: socket.id, operatorId: actor.operatorId });
    const on = (event: string, handler: (payload: unknown) => Promise<unknown>) =>
      socket.on(event, (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return log.warn({ event }, 'directory request without ack callback ignored');
        handler(payload).then(ack as Ack, (err: unknown) => {
          if (err instanceof DirectoryRefused) {
            log.info({ event, code: err.code, reason: err.message }, 'directory request refused');
            return (ack as Ack)(refuse(err.code, err.message));
          }
          log.error({ err, event }, 'directory request failed');
          (ack as Ack)(INTERNAL);
        });
      });

    on(DirectoryHubEvents.get, async () => ({ ok: true, directory: store.snapshot() }));

    on(DirectoryHubEvents.edit, async (payload) => {
      const edit = DirectoryEdit.safeParse(payload);
      if (!edit.success) {
        log.warn({ issues: edit.error.issues.slice(0, 10) }, 'invalid directory edit');
        return refuse('invalid-command', `Modification de l’annuaire invalide : ${describeIssues(edit.error, '(modification)')}`);
      }
      const run = lane.then(async () => {
        const before = store.revision();
        const change = await commitEdit(store, actor, edit.data);
        // A replayed command id answers without a second push.
        if (change.revision > before) push(change);
        log.info({ op: change.op, entityId: change.entityId, revision: change.revision, summary: change.summary }, 'directory edited');
        return change;
      });
      lane = run.catch(() => undefined);
      return { ok: true, change: await run };
    });

    on(DirectoryHubEvents.changes, async (payload) => {
      const args = DirectoryChangesRequest.safeParse(payload ?? {});
      if (!args.success) return refuse('invalid-command', `directory.changes attend { limit: 1 à 500 } : ${describeIssues(args.error, '(requête)')}`);
      const rows = await hub.db.selectFrom('directory_changes').selectAll().orderBy('revision', 'desc').limit(args.data.limit).execute();
      return { ok: true, changes: rows.map(changeFromRow) };
    });

    on(DirectoryHubEvents.accessCodes, (payload) => accessCodes(hub, actor, payload, log));
  });

  return { push };
}

async function accessCodes(hub: HubContext, actor: Actor, payload: unknown, log: Logger): Promise<unknown> {
  const args = AccessCodesRequest.safeParse(payload);
  if (!args.success) return refuse('invalid-command', `directory.access-codes attend { caseId } : ${describeIssues(args.error, '(requête)')}`);
  const c = await getCase(hub.db, args.data.caseId);
  if (!c) return refuse('not-found', `Dossier ${args.data.caseId} introuvable.`);
  if (c.status === 'closed') return refuse('forbidden', 'Dossier clos : les codes d’accès ne sont plus communiqués.');
  if (c.owner?.operatorId !== actor.operatorId) {
    log.warn({ caseId: c.id, owner: c.owner?.operatorId ?? null }, 'access codes refused: not the owner of the case');
    return refuse('not-owner', 'Codes d’accès réservés à l’opérateur qui a pris en charge ce dossier.');
  }
  if (!c.siteId) return refuse('not-found', 'Ce dossier n’a pas de site connu : aucun code d’accès.');
  const codes = await readAccessCodes(hub.db, c.siteId);
  log.info({ caseId: c.id, siteId: c.siteId, count: codes.length }, 'access codes given to the owner of the case');
  return { ok: true, siteId: c.siteId, codes };
}

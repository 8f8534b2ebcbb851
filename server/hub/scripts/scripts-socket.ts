/**
 * Escalation scripts on /console (shared/hub-protocol/scripts.ts): `script.sync` merges a
 * console's record, `script.get` answers a case's record, `script.changed` goes to the
 * other consoles following that case (one socket.io room per case, joined on either
 * request). The case's owner may add to its record, and a role that may take cases over
 * (supervisor, admin); anyone logged in may read it.
 */
import type { Namespace, Socket } from 'socket.io';
import { can, caseAction } from '@shared/domain/permissions';
import { ScriptGetRequest, ScriptHubEvents, ScriptRecord, type ScriptAck } from '@shared/hub-protocol/scripts';
import type { Actor } from '../auth/tokens';
import type { HubContext } from '../context';
import { describeIssues } from '../issues';
import { mergeCaseScript, readCaseScript } from './store';

type Ack = (a: ScriptAck) => void;
const roomOf = (caseId: string) => `script:${caseId}`;
const fail = (code: string, message: string): ScriptAck => ({ ok: false, error: { code, message } });

export function attachScriptSharing(nsp: Namespace, hub: HubContext): void {
  nsp.on('connection', (socket: Socket) => {
    const actor = socket.data.actor as Actor | undefined;
    if (!actor) return;
    const log = hub.logger.child({ part: 'scripts', socket: socket.id, operatorId: actor.operatorId });

    socket.on(ScriptHubEvents.get, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const args = ScriptGetRequest.safeParse(payload);
      if (!args.success) return (ack as Ack)(fail('invalid-command', `script.get attend { caseId } : ${describeIssues(args.error, '(requête)')}`));
      void socket.join(roomOf(args.data.caseId));
      readCaseScript(hub.db, args.data.caseId).then(
        (record) => (ack as Ack)({ ok: true, record }),
        (err: unknown) => {
          log.error({ err, caseId: args.data.caseId }, 'script.get failed');
          (ack as Ack)(fail('internal', 'Erreur interne du hub, réessayez'));
        },
      );
    });

    socket.on(ScriptHubEvents.sync, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const rec = ScriptRecord.safeParse(payload);
      if (!rec.success) {
        log.warn({ issues: rec.error.issues.slice(0, 5) }, 'invalid script.sync');
        return (ack as Ack)(fail('invalid-command', `script.sync invalide : ${describeIssues(rec.error, '(enregistrement)')}`));
      }
      void sync(socket, rec.data).then(ack as Ack, (err: unknown) => {
        log.error({ err, caseId: rec.data.caseId }, 'script.sync failed');
        (ack as Ack)(fail('internal', 'Erreur interne du hub, réessayez'));
      });
    });

    async function sync(s: Socket, record: ScriptRecord): Promise<ScriptAck> {
      const c = await hub.db.selectFrom('cases').select(['owner_id', 'status']).where('id', '=', record.caseId).executeTakeFirst();
      if (!c) return fail('not-found', `Dossier ${record.caseId.slice(0, 64)} introuvable`);
      const own = c.owner_id === actor!.operatorId;
      if (!own && !can(actor!.role, caseAction('close', false))) return fail('not-owner', 'Seul le titulaire du dossier (ou un superviseur) fait avancer son script');
      const { record: merged, added } = await mergeCaseScript(hub.db, record, actor!.operatorId, new Date().toISOString());
      void s.join(roomOf(record.caseId));
      if (added > 0) {
        log.info({ caseId: record.caseId, added, inputs: merged.inputs.length }, 'script record merged');
        s.to(roomOf(record.caseId)).emit(ScriptHubEvents.changed, merged);
      }
      return { ok: true, record: merged };
    }
  });
}

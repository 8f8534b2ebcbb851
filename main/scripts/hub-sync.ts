/**
 * Shares each case's script with the hub: the whole record (script + inputs) after each
 * act, merged there by input id (a resend is harmless); the hub's record for a case this
 * console has none of; the hub's pushes when a colleague's console adds to a record.
 * With the hub away nothing waits: the record is marked unsynced and sent on reconnect.
 */
import type { Case } from '@shared/domain/case';
import { ScriptAck, ScriptHubEvents, ScriptRecord } from '@shared/hub-protocol/scripts';
import type { Operator } from '@shared/domain/operator';
import type { Logger } from '../log/logger';

/** The part of HubLink the scripts use. */
export interface ScriptLink {
  readonly operator: Operator | null;
  isConnected(): boolean;
  getCase(id: string): Case | undefined;
  ask(event: string, payload: unknown): Promise<unknown>;
  on(event: 'caseChanged', l: (c: Case) => void): unknown;
  on(event: 'snapshot', l: (cases: Case[]) => void): unknown;
  on(event: 'connected', l: () => void): unknown;
  on(event: 'hubPush', l: (event: string, payload: unknown) => void): unknown;
  off(event: 'caseChanged', l: (c: Case) => void): unknown;
  off(event: 'snapshot', l: (cases: Case[]) => void): unknown;
  off(event: 'connected', l: () => void): unknown;
  off(event: 'hubPush', l: (event: string, payload: unknown) => void): unknown;
}

export class ScriptHubSync {
  constructor(
    private readonly link: ScriptLink,
    private readonly log: Logger,
  ) {}

  /** The hub's record of the case, null when it has none; throws when the hub cannot answer. */
  async fetch(caseId: string): Promise<ScriptRecord | null> {
    const ack = ScriptAck.safeParse(await this.link.ask(ScriptHubEvents.get, { caseId }));
    if (!ack.success) throw new Error('unreadable script record from the hub');
    if (!ack.data.ok) throw new Error(ack.data.error.message);
    return ack.data.record;
  }

  /** Sends the record; answers the hub's merged record, or null when it could not be sent. */
  async push(record: ScriptRecord): Promise<ScriptRecord | null> {
    if (!this.link.isConnected()) return null;
    try {
      const ack = ScriptAck.safeParse(await this.link.ask(ScriptHubEvents.sync, record));
      if (!ack.success) {
        this.log.error({ caseId: record.caseId }, 'unreadable script sync answer from the hub');
        return null;
      }
      if (!ack.data.ok) {
        this.log.warn({ caseId: record.caseId, error: ack.data.error }, 'the hub refused the script record');
        return null;
      }
      return ack.data.record;
    } catch (err) {
      this.log.info({ caseId: record.caseId, err: (err as Error).message }, 'script record not sent; sent again on reconnect');
      return null;
    }
  }

  /** Calls back with each record the hub pushes. */
  listen(onRecord: (r: ScriptRecord) => void): () => void {
    const onPush = (event: string, payload: unknown) => {
      if (event !== ScriptHubEvents.changed) return;
      const r = ScriptRecord.safeParse(payload);
      if (r.success) onRecord(r.data);
      else this.log.warn({ issues: r.error.issues.slice(0, 3) }, 'unreadable script push from the hub');
    };
    this.link.on('hubPush', onPush);
    return () => this.link.off('hubPush', onPush);
  }
}

/**
 * The hub's own case events, written in the transaction of the change they
 * record: an alarm that opened a case, a claim, a release, a closure. They
 * commit or roll back with it, so the history never tells of a change that
 * did not happen, nor misses one that did.
 */
import { monotonicIds } from '@shared/domain/ids';
import type { Case } from '@shared/domain/case';
import type { HubCaseEventType, HistoryActor } from '@shared/domain/case-history';
import type { HubCommand } from '@shared/hub-protocol/console';
import type { Actor } from '../auth/tokens';
import { getCase } from '../cases/case-row';
import type { HubDb } from '../db/database';
import type { CommandOutcome } from '../cases/case-commands';

// Monotonic: two events of one change share a millisecond and must keep their order.
const nextId = monotonicIds();

export interface CaseEventInput {
  caseId: string;
  /** The version the change gave the case. */
  caseVersion: number;
  at: string;
  type: HubCaseEventType;
  actor: HistoryActor | null;
  payload: Record<string, unknown>;
}

export async function recordCaseEvent(db: HubDb, e: CaseEventInput): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      id: nextId(),
      case_id: e.caseId,
      case_version: e.caseVersion,
      at: e.at,
      type: e.type,
      actor_id: e.actor?.operatorId ?? null,
      actor_name: e.actor?.displayName ?? null,
      payload: JSON.stringify(e.payload),
    })
    .execute();
}

export interface IntakeFacts {
  alarmId: string;
  /** Ingest path and sender, e.g. "http:<gatewayId>". */
  source: string;
  reference: string;
  /** As the beacon sent it (the case may be dated at receipt when the beacon's clock is off). */
  occurredAt: string;
  kind: string;
  beaconId: string;
  /** After the drill calendar: what the hub handles it as. */
  drill: boolean;
  /** Sanitised free text, as on the case. */
  text: string | null;
  /** The protocol's own fields (SCAIP dty, stc…). */
  details: Record<string, string>;
}

/**
 * One `alarm.received` per alarm of the case: the case view lists the case's alarms from
 * these (kind, time, text, details), so they carry everything the list shows.
 */
function alarmPayload(alarm: IntakeFacts, joined: boolean): Record<string, unknown> {
  return {
    alarmId: alarm.alarmId,
    source: alarm.source,
    reference: alarm.reference,
    kind: alarm.kind,
    beaconId: alarm.beaconId,
    drill: alarm.drill,
    occurredAt: alarm.occurredAt,
    text: alarm.text,
    details: alarm.details,
    joined,
  };
}

/** A new alarm opened a case (version 1): the alarm as received, then the case it opened. */
export async function recordIntake(db: HubDb, created: Case, alarm: IntakeFacts): Promise<void> {
  const at = created.receivedAt;
  const base = { caseId: created.id, caseVersion: created.version, at, actor: null };
  await recordCaseEvent(db, { ...base, type: 'alarm.received', payload: alarmPayload(alarm, false) });
  await recordCaseEvent(db, {
    ...base,
    type: 'case.opened',
    payload: { version: created.version, kind: created.kind, priority: created.priority, siteName: created.siteName },
  });
}

/** A later alarm joined a live case (grouping); `raised` when it made the case more urgent. */
export async function recordAlarmInCase(db: HubDb, after: Case, alarm: IntakeFacts, raised: { from: number; to: number } | null): Promise<void> {
  await recordCaseEvent(db, {
    caseId: after.id,
    caseVersion: after.version,
    at: after.lastAlarmAt,
    type: 'alarm.received',
    actor: null,
    payload: { ...alarmPayload(alarm, true), ...(raised ? { priorityFrom: raised.from, priorityTo: raised.to } : {}) },
  });
}

/** The hub closed a technical case because its faults were restored: no operator, `by: system`. */
export async function recordSystemClosure(db: HubDb, after: Case, restoredBy: string): Promise<void> {
  await recordCaseEvent(db, {
    caseId: after.id,
    caseVersion: after.version,
    at: after.closedAt ?? after.lastAlarmAt,
    type: 'case.closed',
    actor: null,
    payload: { version: after.version, closureCode: after.closureCode, note: null, by: 'system', reason: 'restored', restoredBy },
  });
}

export interface UpdateFacts {
  alarmId: string;
  reference: string;
  type: 'info' | 'abort';
  text: string | null;
  details: Record<string, string>;
  /** sha256 of the raw message: a retransmitted update is recognised by it. */
  rawHash: string;
  raw: string;
}

/** A beacon's information update or abort (SCAIP IN / RE) about one of the case's alarms. */
export async function recordUpdate(db: HubDb, after: Case, at: string, u: UpdateFacts): Promise<void> {
  await recordCaseEvent(db, {
    caseId: after.id,
    caseVersion: after.version,
    at,
    type: u.type === 'abort' ? 'alarm.aborted' : 'alarm.info',
    actor: null,
    payload: { alarmId: u.alarmId, reference: u.reference, text: u.text, details: u.details, rawHash: u.rawHash, raw: u.raw },
  });
}

const owned = (c: Case | null) => (c?.owner ? { operatorId: c.owner.operatorId, displayName: c.owner.displayName } : null);

/**
 * Runs a claim, release or close (`change`) and records what it changed, in the caller's
 * transaction. A supervisor acting on someone else's case is a takeover: the event names
 * whose case it was, read before the change.
 */
export async function withCaseEvent(
  db: HubDb,
  actor: Actor,
  cmd: HubCommand,
  now: string,
  change: () => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  // Commands that change no case (none today; journal batches once were) record nothing.
  if (!('caseId' in cmd)) return change();
  const before = await getCase(db, cmd.caseId);
  const out = await change();
  const after = out.changed;
  if (!after) return out;
  const who = { operatorId: actor.operatorId, displayName: actor.displayName };
  const previous = owned(before);
  const takenFrom = previous && previous.operatorId !== actor.operatorId ? { previousOwner: previous } : {};
  const base = { caseId: after.id, caseVersion: after.version, at: now, actor: who };
  switch (cmd.type) {
    case 'claim':
      await recordCaseEvent(db, { ...base, type: 'case.claimed', payload: { version: after.version } });
      break;
    case 'release':
      await recordCaseEvent(db, { ...base, type: 'case.released', payload: { version: after.version, ...takenFrom } });
      break;
    case 'close':
      await recordCaseEvent(db, {
        ...base,
        type: 'case.closed',
        payload: { version: after.version, closureCode: after.closureCode, note: after.closureNote, ...takenFrom },
      });
      break;
  }
  return out;
}

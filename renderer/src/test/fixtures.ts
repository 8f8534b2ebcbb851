/** Builders for contract objects used across renderer tests. */
import type { Case } from '@shared/domain/case';
import type { JournalEvent } from '@shared/domain/journal';
import type { Operator } from '@shared/domain/operator';
import type { CommandResult, HubStatus, SessionState } from '@shared/contract';

export const T0 = '2025-03-14T08:00:00.000Z';

export function makeCase(over: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    version: 1,
    status: 'open',
    kind: 'ppms.intrusion',
    priority: 1,
    drill: false,
    beaconId: 'B-001',
    siteId: 'site-1',
    siteName: 'École Jean Jaurès',
    siteKind: 'school',
    address: '12 rue de la Paix, 44600 Saint-Nazaire',
    position: { lat: 47.2735, lon: -2.2138 },
    occurredAt: T0,
    receivedAt: T0,
    owner: null,
    claimedAt: null,
    closedAt: null,
    closureCode: null,
    closureNote: null, text: null,
    alarmCount: 1,
    lastAlarmAt: over.receivedAt ?? T0,
    voiceMode: 'listen',
    beaconAbort: null,
    beacon: null,
    ...over,
  };
}

export const OP1: Operator = { id: 'op-1', username: 'op1', displayName: 'Opérateur 1', role: 'operator' };
export const OP2: Operator = { id: 'op-2', username: 'op2', displayName: 'Opérateur 2', role: 'operator' };

export function makeHub(over: Partial<HubStatus> = {}): HubStatus {
  return { url: 'embedded', demo: true, connected: true, lastError: null, ...over };
}

export function makeSession(op: Partial<Operator> | null = OP1, hub: Partial<HubStatus> = {}): SessionState {
  return { operator: op ? { ...OP1, ...op } : null, hub: makeHub(hub) };
}

let seq = 0;
export function makeJournal(over: Partial<JournalEvent> = {}): JournalEvent {
  seq += 1;
  return {
    id: `01J${String(seq).padStart(23, '0')}`,
    at: T0,
    operatorId: OP1.id,
    caseId: 'case-1',
    type: 'case.claimed',
    payload: {},
    payloadHash: 'b'.repeat(64),
    consoleId: 'console-1',
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
    ...over,
  };
}

/** A case command the hub applied at once (the answer of cases.claim / release / close). */
export function applied(c: Case): CommandResult {
  return { state: 'applied', case: c };
}

/** The answer of scripts.close when no procedure runs for the case (the dialog's codes then come from the kind). */
export const noScriptView = (caseId: string) => ({
  caseId,
  script: null,
  state: null,
  contacts: {},
  openRequired: [],
  closureCodes: [],
  noteRequired: [],
  drill: false,
  voice: false,
  shared: false,
  notices: [],
  problem: null,
});

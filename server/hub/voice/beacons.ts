/**
 * What voice routing knows about a beacon: where to call it back (its SCAIP `crd` sip: URI,
 * else the Contact and source of its last MESSAGE) and its open case (the one its latest
 * alarm went to, whoever the case's first beacon was: a grouped PPMS case holds the alarms
 * of every classroom's beacon).
 */
import type { Case } from '@shared/domain/case';
import { getCase } from '../cases/case-row';
import type { HubDb } from '../db/database';
import { parseUri, stringifyUri, type SipRemote, type SipUri } from '../../sip/stack';

export interface BeaconContact {
  /** Request-URI of a call to the beacon. */
  uri: string;
  /** Where to send it: the MESSAGE's source when the URI is the MESSAGE's own Contact, else null (the URI's host and port). */
  flow: SipRemote | null;
  /** Where it came from: 'crd' (the beacon said so) or 'message' (its MESSAGE's Contact and source). */
  from: 'crd' | 'message';
  seenAtMs: number;
}

/** The sip: caller id of a SCAIP crd list (`sip:` and the deprecated `sip-pp:`), or null. */
export function sipCrd(crd: readonly string[]): string | null {
  for (const c of crd) {
    const m = /^sip(?:-pp)?:(.+)$/i.exec(c.trim());
    if (!m || !m[1]) continue;
    const uri = parseUri(`sip:${m[1]}`);
    if (uri?.host) return stringifyUri(uri);
  }
  return null;
}

export class BeaconContacts {
  private readonly byBeacon = new Map<string, BeaconContact>();

  /** Notes a beacon's authenticated MESSAGE: its crd, or the Contact and source of the MESSAGE. */
  note(beaconId: string, crd: readonly string[], messageUri: string | SipUri, source: SipRemote, nowMs = Date.now()): void {
    const sip = sipCrd(crd);
    if (sip) this.byBeacon.set(beaconId, { uri: sip, flow: null, from: 'crd', seenAtMs: nowMs });
    else if (crd.length === 0 || !this.byBeacon.has(beaconId) || this.byBeacon.get(beaconId)!.from === 'message') {
      // Without a sip: crd (a gsm: one, or none at all), the MESSAGE's path is the best we know.
      this.byBeacon.set(beaconId, { uri: stringifyUri(messageUri), flow: { ...source }, from: 'message', seenAtMs: nowMs });
    }
  }

  get(beaconId: string): BeaconContact | null {
    return this.byBeacon.get(beaconId) ?? null;
  }

  get size(): number {
    return this.byBeacon.size;
  }
}

/** The beacon's live case: the not-closed case its most recent alarm joined, or null. */
export async function openCaseOfBeacon(db: HubDb, beaconId: string): Promise<Case | null> {
  const row = await db
    .selectFrom('alarms')
    .innerJoin('cases', 'cases.id', 'alarms.case_id')
    .select('cases.id')
    .where('alarms.beacon_id', '=', beaconId)
    .where('cases.status', '!=', 'closed')
    .orderBy('alarms.received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? getCase(db, row.id) : null;
}

/**
 * The one way an alarm enters the hub, whatever carried it (HTTP ingest, SCAIP): in the
 * intake lane (an alarm never waits behind consoles' commands, serial.ts), stored, then
 * broadcast. The protocol adapters turn their messages into an `Alarm` and answer their
 * sender from the outcome; none of them writes alarms or cases itself.
 */
import type { Alarm } from '@shared/domain/alarm';
import type { HubContext } from '../context';
import { ingestAlarm, type IngestOutcome } from './ingest-alarm';
import { DEFAULT_GROUPING } from './options';
import { applyUpdate, type BeaconUpdate, type UpdateOutcome } from './update';

export type { IngestEffect, IngestOutcome } from './ingest-alarm';
export type { BeaconUpdate, UpdateOutcome } from './update';

export async function receiveAlarm(hub: HubContext, alarm: Alarm): Promise<IngestOutcome> {
  return hub.serial(async () => {
    const r = await ingestAlarm(hub.db, hub.lookup, alarm, hub.ingest ?? DEFAULT_GROUPING);
    if (r.kind === 'stored' && r.changed) hub.broadcast(r.changed);
    return r;
  }, 'intake');
}

/**
 * A beacon's information update or abort about an alarm it sent (SCAIP mty=IN / RE), in
 * the intake lane like the alarm itself, so it never overtakes it.
 */
export async function receiveUpdate(hub: HubContext, update: BeaconUpdate): Promise<UpdateOutcome> {
  return hub.serial(async () => {
    const r = await applyUpdate(hub.db, update);
    if (r.kind === 'joined') hub.broadcast(r.changed);
    if (r.kind === 'unknown-alarm' || r.kind === 'no-case') {
      hub.logger.warn({ source: update.source, beaconId: update.beaconId, reference: update.reference, type: update.type, outcome: r.kind }, 'beacon update not joined to a case');
    }
    return r;
  }, 'intake');
}

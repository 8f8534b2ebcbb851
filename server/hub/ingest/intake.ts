/**
 * The one way an alarm enters the hub, whatever carried it (HTTP ingest, SCAIP): in the
 * intake lane (an alarm never waits behind consoles' commands, serial.ts), stored, then
 * broadcast. The protocol adapters turn their messages into an `Alarm` and answer their
 * sender from the outcome; none of them writes alarms or cases itself.
 */
import type { Alarm } from '@shared/domain/alarm';
import type { Case } from '@shared/domain/case';
import type { HubContext } from '../context';
import { drillAt } from '../drills/drills';
import { recordStatus } from '../supervision/beacon-record';
import { createGroupCommit, type GroupCommit } from './group-commit';
import { ingestAlarm, ingestAlarmIn, type IngestOutcome } from './ingest-alarm';
import { DEFAULT_GROUPING } from './options';
import { applyUpdate, type BeaconUpdate, type UpdateOutcome } from './update';

export type { IngestEffect, IngestOutcome } from './ingest-alarm';
export type { BeaconUpdate, UpdateOutcome } from './update';

const groupCommits = new WeakMap<HubContext, GroupCommit<Alarm, IngestOutcome>>();

/**
 * Resolves once the alarm is committed (alarms arriving together share one commit:
 * group-commit.ts), so a protocol adapter that acknowledges after it never acknowledges
 * an alarm a power cut could still lose.
 */
export function receiveAlarm(hub: HubContext, alarm: Alarm): Promise<IngestOutcome> {
  let submit = groupCommits.get(hub);
  if (!submit) {
    submit = createGroupCommit((alarms: Alarm[]) => ingestBatch(hub, alarms));
    groupCommits.set(hub, submit);
  }
  return submit(alarm);
}

async function ingestBatch(hub: HubContext, alarms: Alarm[]): Promise<IngestOutcome[]> {
  return hub.serial(async () => {
    // A registered drill (drills/) makes the alarm an exercise.
    const options = { ...(hub.ingest ?? DEFAULT_GROUPING), drillAt };
    const outs =
      alarms.length === 1
        ? [await ingestAlarm(hub.db, hub.lookup, alarms[0]!, options)]
        : await hub.db.transaction().execute(async (trx) => {
            const done: IngestOutcome[] = [];
            for (const a of alarms) done.push(await ingestAlarmIn(trx, hub.lookup, a, options));
            return done;
          });
    for (const [i, r] of outs.entries()) {
      if (r.kind !== 'stored') continue;
      const changed = r.effect === 'duplicate' ? null : await noteOnBeacon(hub, alarms[i]!, r.changed);
      if (changed) hub.broadcast(changed);
    }
    return outs;
  }, 'intake');
}

/**
 * The beacon's supervision record learns from every new alarm (status kinds are kept only
 * there); the case then goes out with the record as it is now (charger unplugged, battery).
 * A record that cannot be written never loses the alarm: it is stored already, and logged.
 */
async function noteOnBeacon(hub: HubContext, alarm: Alarm, changed: Case | null): Promise<Case | null> {
  try {
    const state = await recordStatus(hub, alarm);
    // A site's case carries its own beacon's state (read with the case), not that of every beacon joining it.
    return changed && state && changed.beaconId === alarm.beaconId ? { ...changed, beacon: state } : changed;
  } catch (err) {
    hub.logger.error({ err, beaconId: alarm.beaconId, reference: alarm.reference }, 'beacon record not updated for this alarm');
    return changed;
  }
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

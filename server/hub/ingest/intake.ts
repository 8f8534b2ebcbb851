/**
 * The one way an alarm enters the hub, whatever carried it (HTTP ingest, SCAIP): in the
 * intake lane (an alarm never waits behind consoles' commands, serial.ts), stored, then
 * broadcast. The protocol adapters turn their messages into an `Alarm` and answer their
 * sender from the outcome; none of them writes alarms or cases itself.
 */
import type { Alarm } from '@shared/domain/alarm';
import type { HubContext } from '../context';
import { ingestAlarm, type IngestOutcome } from './ingest-alarm';

export type { IngestOutcome } from './ingest-alarm';

export async function receiveAlarm(hub: HubContext, alarm: Alarm): Promise<IngestOutcome> {
  return hub.serial(async () => {
    const r = await ingestAlarm(hub.db, hub.lookup, alarm);
    if (r.kind === 'stored' && r.created) hub.broadcast(r.created);
    return r;
  }, 'intake');
}

/** Every migration, by name; Kysely runs them in name order. Add, never edit. */
import type { Migration } from 'kysely';
import { m0001Initial } from './0001-initial';
import { m0002CaseText } from './0002-case-text';
import { m0003JournalPayloadHash } from './0003-journal-payload-hash';
import { m0004Sessions } from './0004-sessions';
import { m0005ConsoleIdentity } from './0005-console-identity';
import { m0006CaseEvents } from './0006-case-events';
import { m0007Retention } from './0007-retention';
import { m0008JournalIndex } from './0008-journal-index';
import { m0009BeaconCredentials } from './0009-beacon-credentials';
import { m0010AlarmGrouping } from './0010-alarm-grouping';
import { m0011BeaconSupervision } from './0011-beacon-supervision';
import { m0012SiteDirectory } from './0012-site-directory';
import { m0013CaseScripts } from './0013-case-scripts';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001Initial,
  '0002-case-text': m0002CaseText,
  '0003-journal-payload-hash': m0003JournalPayloadHash,
  '0004-sessions': m0004Sessions,
  '0005-console-identity': m0005ConsoleIdentity,
  '0006-case-events': m0006CaseEvents,
  '0007-retention': m0007Retention,
  '0008-journal-index': m0008JournalIndex,
  '0009-beacon-credentials': m0009BeaconCredentials,
  '0010-alarm-grouping': m0010AlarmGrouping,
  '0011-beacon-supervision': m0011BeaconSupervision,
  '0012-site-directory': m0012SiteDirectory,
  '0013-case-scripts': m0013CaseScripts,
};

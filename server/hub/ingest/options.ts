/**
 * How the hub groups alarms into cases (ANCHORS §5.3: the duplicate timer is configurable,
 * power and charger faults wait for their restoral). Hub options and CLI flags set them.
 */
import type { HubDb } from '../db/database';

export interface GroupingOptions {
  /**
   * An alarm joins the live case of its beacon, or of its site, whose latest alarm came
   * less than this ago; 0 = every alarm opens its own case.
   */
  groupWindowMs: number;
  /** A restore (charger back, mains back, cancel) this soon after the fault closes a technical case by itself. */
  restoreWindowMs: number;
}

export const DEFAULT_GROUPING: GroupingOptions = { groupWindowMs: 10 * 60_000, restoreWindowMs: 15 * 60_000 };

export interface IngestOptions extends GroupingOptions {
  /**
   * Whether a registered drill covers this site at this time (drills/drills.ts); absent = only
   * the sender's own drill flag counts.
   */
  drillAt?: (db: HubDb, siteId: string, at: string) => Promise<boolean>;
}

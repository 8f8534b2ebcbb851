/**
 * Table shapes as Kysely sees them. Times are ISO-8601 text and booleans are
 * integers 0/1 so the same queries run on SQLite today and PostgreSQL later.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: string;
}

export interface GatewaysTable {
  id: string;
  name: string;
  /** sha256 of the random secret: the key itself is shown once and never stored. */
  key_hash: string;
  created_at: string;
}

export interface AlarmsTable {
  id: string;
  /** Ingest path and sender, e.g. "http:<gatewayId>"; part of the idempotency key. */
  source: string;
  beacon_id: string;
  reference: string;
  kind: string;
  occurred_at: string;
  received_at: string;
  /** JSON {lat, lon} or null. */
  position: string | null;
  drill: number;
  text: string | null;
  /** The message exactly as received, for audit and replay. */
  raw: string;
  case_id: string;
  /** JSON object of the protocol's own fields (SCAIP dty, stc…); null before version 10. */
  details: string | null;
}

/** An alarm that opened and joined no case (status report, restore with nothing to restore): audit and de-duplication. */
export type LooseAlarmsTable = Omit<AlarmsTable, 'case_id'>;

export interface CasesTable {
  id: string;
  version: number;
  status: string;
  kind: string;
  priority: number;
  drill: number;
  beacon_id: string;
  site_id: string | null;
  site_name: string;
  site_kind: string | null;
  address: string;
  position_lat: number | null;
  position_lon: number | null;
  occurred_at: string;
  received_at: string;
  owner_id: string | null;
  owner_name: string | null;
  claimed_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  closure_code: string | null;
  closure_note: string | null;
  text: string | null;
  /** Alarms grouped in this case (version 10); 1 when the case opens. */
  alarm_count: Generated<number>;
  /** Receipt time of its latest alarm; null only for a row written before version 10. */
  last_alarm_at: string | null;
  /** The beacon gave up waiting for the centre (SCAIP mty=RE): when, and its text. */
  beacon_abort_at: string | null;
  beacon_abort_text: string | null;
}

export interface CommandsTable {
  command_id: string;
  operator_id: string;
  type: string;
  /** The first ack, JSON: a repeated command id gets exactly this back. */
  response: string;
  created_at: string;
}

export interface JournalTable {
  id: string;
  at: string;
  operator_id: string;
  case_id: string | null;
  type: string;
  /** JSON object; NULL once purged by retention. */
  payload: string | null;
  /** sha256 of the canonical payload: what the chain hashes. */
  payload_hash: string;
  console_id: string;
  prev_hash: string;
  hash: string;
  received_at: string;
  /** Who delivered it: "console:<consoleId>" (the console's key); an operator id for rows stored before version 5. */
  received_from: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  /** The version the recorded change gave the case. */
  case_version: number;
  at: string;
  /** alarm.received | case.opened | case.claimed | case.released | case.closed */
  type: string;
  /** null: the hub's own doing (alarm intake). */
  actor_id: string | null;
  /** The actor's display name when it acted. */
  actor_name: string | null;
  /** JSON object; NULL once purged by retention. */
  payload: string | null;
}

export interface PurgesTable {
  id: string;
  at: string;
  cutoff: string;
  retention_days: number;
  by: string;
  counts: string;
}

export interface SessionsTable {
  id: string;
  operator_id: string;
  /** The console's journal consoleId given at login; a refresh must present the same. */
  console_id: string | null;
  /** sha256 of the current refresh token: the token itself is never stored. */
  refresh_hash: string;
  /** The refresh token replaced last, and when (a retried refresh within the grace period). */
  prev_refresh_hash: string | null;
  rotated_at: string | null;
  created_at: string;
  /** At most 12 h after created_at: a shift. */
  expires_at: string;
  revoked_at: string | null;
  /** logout | password-changed | account-removed | refresh-reused | console-mismatch */
  revoked_reason: string | null;
}

export interface SessionRefreshUsedTable {
  refresh_hash: string;
  session_id: string;
  used_at: string;
}

export interface ConsolesTable {
  /** The console's journal consoleId (UUID). */
  id: string;
  name: string | null;
  /** sha256 of the key's secret part: the key is shown to the console once, never stored. */
  key_hash: string;
  created_at: string;
  rotated_at: string | null;
}

/** Operators who logged in on a console: the only ones whose events it may send. */
export interface ConsoleOperatorsTable {
  console_id: string;
  operator_id: string;
  first_seen_at: string;
}

/** A hole in a console's chain at the hub: event_id's prev_hash is not a stored event's hash. */
export interface JournalGapsTable {
  console_id: string;
  missing_hash: string;
  event_id: string;
  opened_at: string;
  closed_at: string | null;
}

/** Supervision record of one beacon (supervision/beacon-record.ts); times are the hub's clock. */
export interface BeaconStatesTable {
  beacon_id: string;
  first_seen_at: string;
  last_seen_at: string;
  last_heartbeat_at: string | null;
  period_s: number;
  period_override_s: number | null;
  deadline_at: string;
  battery: number | null;
  charger: string | null;
  mains: string | null;
  position_lat: number | null;
  position_lon: number | null;
  position_at: string | null;
  last_self_test_at: string | null;
  last_self_test_ok: number | null;
  last_test_transmission_at: string | null;
  last_details: string | null;
  silent_since: string | null;
  silence_reference: string | null;
}

/** One "balise muette" episode: raised once, ended by the beacon's next sign of life. */
export interface BeaconSilencesTable {
  reference: string;
  beacon_id: string;
  last_seen_at: string;
  raised_at: string;
  case_id: string | null;
  ended_at: string | null;
}

/** A registered drill window for a site: alarms inside it are exercises. */
export interface DrillsTable {
  id: string;
  site_id: string;
  starts_at: string;
  ends_at: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

/** Site directory (migration 12): documents as JSON, tombstones kept; see directory/store.ts. */
export interface DirectorySitesTable {
  id: string;
  data: string;
  /** JSON AccessCode[]: only for the owner of an open case of the site. */
  access_codes: string | null;
  updated_at: string;
  deleted_at: string | null;
}

export interface DirectoryBeaconsTable {
  id: string;
  site_id: string;
  data: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface DirectoryPlansTable {
  site_id: string;
  data: string;
  updated_at: string;
}

/** The directory's journal: one row per change; revision = the directory's version after it. */
export interface DirectoryChangesTable {
  revision: number;
  command_id: string | null;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  op: string;
  entity_id: string;
  summary: string;
  before: string | null;
  after: string | null;
  access_code_count: number | null;
}

/** Whether a beacon's last position was outside its site, and the alarm reference of that episode. */
export interface BeaconGeofenceTable {
  beacon_id: string;
  outside_since: string | null;
  reference: string | null;
  last_lat: number | null;
  last_lon: number | null;
  checked_at: string;
}

export interface HubDatabase {
  users: UsersTable;
  gateways: GatewaysTable;
  alarms: AlarmsTable;
  loose_alarms: LooseAlarmsTable;
  cases: CasesTable;
  commands: CommandsTable;
  journal: JournalTable;
  sessions: SessionsTable;
  session_refresh_used: SessionRefreshUsedTable;
  case_events: CaseEventsTable;
  purges: PurgesTable;
  consoles: ConsolesTable;
  console_operators: ConsoleOperatorsTable;
  journal_gaps: JournalGapsTable;
  beacon_states: BeaconStatesTable;
  beacon_silences: BeaconSilencesTable;
  drills: DrillsTable;
  directory_sites: DirectorySitesTable;
  directory_beacons: DirectoryBeaconsTable;
  directory_plans: DirectoryPlansTable;
  directory_changes: DirectoryChangesTable;
  beacon_geofence: BeaconGeofenceTable;
}

/**
 * The console's copy of the site directory. It follows the hub (whole directory at each
 * (re)connect, then the hub's `directory.changed` pushes, a gap in revisions = fetch it all
 * again), keeps the last copy on disk for a console started with the hub away, and says
 * where what it serves comes from (`hub`, `cache`, `none`). Admin edits and access codes go
 * to the hub every time; codes are never kept, here or on disk.
 */
import { EventEmitter } from 'node:events';
import { ulid } from 'ulid';
import { ApiError } from '@shared/contract/errors';
import type { DirectorySource, DirectoryView, SiteCard } from '@shared/contract/directory';
import type { HubStatus } from '@shared/contract/requests';
import type { Operator } from '@shared/domain/operator';
import type { SitePlan } from '@shared/domain/site-plan';
import type { AccessCode, Beacon } from '@shared/domain/site';
import {
  AccessCodesAck,
  DirectoryChange,
  DirectoryChangesAck,
  DirectoryEditAck,
  DirectoryGetAck,
  DirectoryHubEvents,
  type DirectoryEditInput,
  type DirectoryRefusal,
  type DirectorySnapshot,
} from '@shared/hub-protocol/directory';
import type { Logger } from '../log/logger';
import { applyChange } from './apply-change';
import { readCachedDirectory, writeCachedDirectory } from './file-store';

/** The part of HubLink the directory needs. */
export interface DirectoryLink {
  readonly operator: Operator | null;
  isConnected(): boolean;
  ask(event: string, payload: unknown): Promise<unknown>;
  on(event: 'connected', l: () => void): unknown;
  on(event: 'status', l: (s: HubStatus) => void): unknown;
  on(event: 'hubPush', l: (event: string, payload: unknown) => void): unknown;
  off(event: 'connected', l: () => void): unknown;
  off(event: 'status', l: (s: HubStatus) => void): unknown;
  off(event: 'hubPush', l: (event: string, payload: unknown) => void): unknown;
}

/** Where directory actions are journaled (the console journal). */
export interface DirectoryJournal {
  append(input: { operatorId: string; caseId: string | null; type: string; payload: Record<string, unknown> }): unknown;
}

export interface DirectoryCacheOptions {
  /** <dataDir>/directory.json */
  file: string;
  link: DirectoryLink;
  journal: DirectoryJournal;
  logger: Logger;
}

export type DirectoryChanged = { revision: number; source: DirectorySource; change: DirectoryChange | null };

const EMPTY: DirectorySnapshot = { revision: 0, sites: [], beacons: [], plans: [] };

export class DirectoryCache extends EventEmitter<{ changed: [e: DirectoryChanged] }> {
  private data: DirectorySnapshot = EMPTY;
  private source: DirectorySource = 'none';
  private syncedAt: string | null = null;
  private fetching: Promise<void> | null = null;
  private readonly log: Logger;
  private stopListening: () => void = () => {};

  constructor(private readonly opts: DirectoryCacheOptions) {
    super();
    this.log = opts.logger.child({ component: 'directory' });
    const cached = readCachedDirectory(opts.file, this.log);
    if (cached) {
      this.data = cached.directory;
      this.syncedAt = cached.syncedAt;
      this.source = 'cache';
      this.log.info({ revision: this.data.revision, sites: this.data.sites.length, syncedAt: this.syncedAt }, 'directory copy loaded from disk');
    }
  }

  start(): void {
    const { link } = this.opts;
    const onConnected = () => void this.refresh();
    const onStatus = (s: HubStatus) => {
      if (s.connected || this.source !== 'hub') return;
      this.source = 'cache';
      this.emit('changed', { revision: this.data.revision, source: this.source, change: null });
    };
    const onPush = (event: string, payload: unknown) => {
      if (event === DirectoryHubEvents.changed) this.onChange(payload);
    };
    link.on('connected', onConnected);
    link.on('status', onStatus);
    link.on('hubPush', onPush);
    this.stopListening = () => {
      link.off('connected', onConnected);
      link.off('status', onStatus);
      link.off('hubPush', onPush);
    };
    if (link.isConnected()) void this.refresh();
  }

  stop(): void {
    this.stopListening();
    this.removeAllListeners();
  }

  view(): DirectoryView {
    const { revision, sites, beacons, plans } = this.data;
    return { revision, source: this.source, syncedAt: this.syncedAt, sites, beacons, planSiteIds: plans.map((p) => p.siteId) };
  }

  site(siteId: string): SiteCard | null {
    const site = this.data.sites.find((s) => s.id === siteId);
    if (!site) return null;
    return { site, beacons: this.data.beacons.filter((b) => b.siteId === siteId), plan: this.plan(siteId), source: this.source };
  }

  beacon(beaconId: string): { beacon: Beacon; card: SiteCard | null } | null {
    const beacon = this.data.beacons.find((b) => b.id === beaconId);
    return beacon ? { beacon, card: this.site(beacon.siteId) } : null;
  }

  plan(siteId: string): SitePlan | null {
    return this.data.plans.find((p) => p.siteId === siteId) ?? null;
  }

  /** Fetches the whole directory from the hub (one at a time); the copy in hand stays if it fails. */
  refresh(): Promise<void> {
    this.fetching ??= this.fetchAll().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  async edit(input: DirectoryEditInput): Promise<DirectoryChange> {
    const operator = this.opts.link.operator;
    if (!operator) throw new ApiError('not-logged-in', 'Connectez-vous pour modifier l’annuaire.');
    if (operator.role !== 'admin') throw new ApiError('forbidden', 'Seul un administrateur modifie l’annuaire des sites.');
    const commandId = ulid();
    const ack = DirectoryEditAck.safeParse(await this.opts.link.ask(DirectoryHubEvents.edit, { ...input, commandId }));
    if (!ack.success) throw this.unreadable('edit', ack.error.issues);
    if (!ack.data.ok) throw refusal(ack.data);
    const change = ack.data.change;
    // The hub journals it too; this line says which console and operator asked for it.
    this.opts.journal.append({
      operatorId: operator.id,
      caseId: null,
      type: 'directory.edited',
      payload: { op: change.op, entityId: change.entityId, revision: change.revision, summary: change.summary, commandId },
    });
    this.onChange(change);
    return change;
  }

  async accessCodes(caseId: string): Promise<{ siteId: string; codes: AccessCode[] }> {
    const operator = this.opts.link.operator;
    if (!operator) throw new ApiError('not-logged-in', 'Connectez-vous pour lire les codes d’accès.');
    const ack = AccessCodesAck.safeParse(await this.opts.link.ask(DirectoryHubEvents.accessCodes, { caseId }));
    if (!ack.success) throw this.unreadable('access codes', ack.error.issues);
    if (!ack.data.ok) throw refusal(ack.data);
    // Who read a site's codes, and when: a sensitive read, on the case's record.
    this.opts.journal.append({
      operatorId: operator.id,
      caseId,
      type: 'directory.access-codes-shown',
      payload: { siteId: ack.data.siteId, count: ack.data.codes.length },
    });
    return { siteId: ack.data.siteId, codes: ack.data.codes };
  }

  async changes(limit: number): Promise<DirectoryChange[]> {
    const ack = DirectoryChangesAck.safeParse(await this.opts.link.ask(DirectoryHubEvents.changes, { limit }));
    if (!ack.success) throw this.unreadable('changes', ack.error.issues);
    if (!ack.data.ok) throw refusal(ack.data);
    return ack.data.changes;
  }

  private async fetchAll(): Promise<void> {
    if (!this.opts.link.isConnected()) return;
    try {
      const ack = DirectoryGetAck.safeParse(await this.opts.link.ask(DirectoryHubEvents.get, {}));
      if (!ack.success) throw this.unreadable('get', ack.error.issues);
      if (!ack.data.ok) throw refusal(ack.data);
      this.data = ack.data.directory;
      this.markSynced(null);
      this.log.info({ revision: this.data.revision, sites: this.data.sites.length, beacons: this.data.beacons.length }, 'directory fetched from the hub');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'directory not fetched; serving the copy in hand');
    }
  }

  private onChange(payload: unknown): void {
    const parsed = DirectoryChange.safeParse(payload);
    if (!parsed.success) {
      this.log.error({ issues: parsed.error.issues.slice(0, 5) }, 'malformed directory change from the hub: fetching the whole directory');
      void this.refresh();
      return;
    }
    const change = parsed.data;
    if (change.revision <= this.data.revision) return; // our own edit's push, after its ack
    if (change.revision !== this.data.revision + 1) {
      this.log.info({ have: this.data.revision, got: change.revision }, 'directory revision gap: fetching the whole directory');
      void this.refresh();
      return;
    }
    this.data = applyChange(this.data, change);
    this.markSynced(change);
  }

  private markSynced(change: DirectoryChange | null): void {
    this.source = 'hub';
    this.syncedAt = new Date().toISOString();
    try {
      writeCachedDirectory(this.opts.file, { syncedAt: this.syncedAt, directory: this.data });
    } catch (err) {
      // The copy in memory is good; only a restart with the hub away would miss it.
      this.log.error({ err: (err as Error).message, file: this.opts.file }, 'directory copy not written to disk');
    }
    this.emit('changed', { revision: this.data.revision, source: this.source, change });
  }

  private unreadable(what: string, issues: unknown[]): ApiError {
    this.log.error({ what, issues: issues.slice(0, 5) }, 'unreadable directory answer from the hub');
    return new ApiError('internal', 'Réponse du hub illisible (annuaire).');
  }
}

function refusal(r: DirectoryRefusal): ApiError {
  const code = r.error.code === 'invalid-command' ? 'invalid-argument' : r.error.code;
  return new ApiError(code, r.error.message, { hubCode: r.error.code });
}

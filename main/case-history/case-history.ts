/**
 * The case history as this console shows it: the hub's history of the case
 * (every console's actions, the hub's own events) merged with this console's
 * journal events for the case, those still in the outbox marked `pending`
 * (« non transmis au hub »). With the hub away, the local events alone, and
 * the view says the hub's history is unavailable.
 *
 * Live: the hub's pushes for the cases asked about, each local append at
 * once (pending), an event leaving the outbox (no longer pending), and after a
 * reconnect the whole history again (the hub forgets what a socket followed).
 */
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import { ApiError } from '@shared/contract/errors';
import type { HubStatus } from '@shared/contract/requests';
import { MAX_CASE_HISTORY_ENTRIES, mergeHistory, type CaseHistoryEntry, type CaseHistoryPush, type CaseHistoryView } from '@shared/domain/case-history';
import type { JournalEvent } from '@shared/domain/journal';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';

/** The part of HubLink the case history needs. */
export interface CaseHistoryLink {
  readonly operator: { id: string; displayName: string } | null;
  isConnected(): boolean;
  caseHistory(caseId: string): Promise<{ entries: CaseHistoryEntry[]; truncated: boolean }>;
  on(event: 'caseHistory', l: (p: CaseHistoryPush) => void): unknown;
  on(event: 'connected', l: () => void): unknown;
  on(event: 'status', l: (s: HubStatus) => void): unknown;
  off(event: 'caseHistory', l: (p: CaseHistoryPush) => void): unknown;
  off(event: 'connected', l: () => void): unknown;
  off(event: 'status', l: (s: HubStatus) => void): unknown;
}

/** Something that says when the outbox may have sent events (OutboxSender's 'status'). */
export interface OutboxNotices {
  on(event: 'status', l: () => void): unknown;
  off(event: 'status', l: () => void): unknown;
}

export interface CaseHistoryOptions {
  journal: Journal;
  link: CaseHistoryLink;
  outbox?: OutboxNotices;
  logger: Logger;
}

/** Cases whose history is kept live: the ones on screen (the hub follows as many per console). */
const WATCHED_MAX = 8;

export class CaseHistory extends EventEmitter<{ history: [view: CaseHistoryView] }> {
  private readonly watched: string[] = [];
  /** Per watched case, the entries last reported pending: to say when they reach the hub. */
  private readonly pendingShown = new Map<string, Map<string, CaseHistoryEntry>>();
  private readonly log: Logger;
  private readonly pendingIdsStmt: Database.Statement<[string], { id: string }>;
  private connected: boolean;
  private stop: () => void = () => {};

  constructor(private readonly opts: CaseHistoryOptions) {
    super();
    this.log = opts.logger.child({ component: 'case-history' });
    this.connected = opts.link.isConnected();
    this.pendingIdsStmt = opts.journal.db.prepare<[string], { id: string }>(
      'SELECT o.event_id AS id FROM outbox o JOIN events e ON e.id = o.event_id WHERE e.case_id = ?',
    );
  }

  /** The merged history of one case; from then on its changes are emitted ('history'). */
  async history(caseId: string): Promise<CaseHistoryView> {
    this.watch(caseId);
    const local = this.localEntries(caseId);
    let hub: CaseHistoryEntry[] = [];
    let hubAvailable = true;
    try {
      hub = (await this.opts.link.caseHistory(caseId)).entries;
    } catch (err) {
      // A case the hub does not know (another hub's) still has this console's events to show.
      if (!(err instanceof ApiError && err.code === 'not-found')) {
        hubAvailable = false;
        this.log.info({ caseId, err: (err as Error).message }, "hub's case history unavailable: local events only");
      }
    }
    return { caseId, entries: mergeHistory(hub, local), hubAvailable };
  }

  start(): void {
    const { link, journal, outbox } = this.opts;
    const onPush = (p: CaseHistoryPush) => this.emit('history', { caseId: p.caseId, entries: p.entries });
    const onAppend = (e: JournalEvent) => {
      if (e.caseId === null) return;
      // Just committed with its outbox row: not at the hub yet.
      const entry = this.toEntry(e, true);
      this.pendingShown.get(e.caseId)?.set(e.id, entry);
      this.emit('history', { caseId: e.caseId, entries: [entry] });
    };
    const onConnected = () => {
      this.connected = true;
      for (const caseId of [...this.watched]) this.refresh(caseId);
    };
    const onStatus = (s: HubStatus) => {
      if (s.connected || !this.connected) return;
      this.connected = false;
      for (const caseId of this.watched) this.emit('history', { caseId, entries: [], hubAvailable: false });
    };
    const onOutbox = () => this.settleDelivered();
    link.on('caseHistory', onPush);
    link.on('connected', onConnected);
    link.on('status', onStatus);
    outbox?.on('status', onOutbox);
    const offAppend = journal.onAppend(onAppend);
    this.stop = () => {
      link.off('caseHistory', onPush);
      link.off('connected', onConnected);
      link.off('status', onStatus);
      outbox?.off('status', onOutbox);
      offAppend();
    };
  }

  dispose(): void {
    this.stop();
    this.removeAllListeners();
  }

  private watch(caseId: string): void {
    const at = this.watched.indexOf(caseId);
    if (at >= 0) this.watched.splice(at, 1);
    this.watched.push(caseId);
    if (!this.pendingShown.has(caseId)) this.pendingShown.set(caseId, new Map());
    while (this.watched.length > WATCHED_MAX) this.pendingShown.delete(this.watched.shift()!);
  }

  private refresh(caseId: string): void {
    this.history(caseId).then(
      (view) => this.emit('history', view),
      (err: unknown) => this.log.warn({ err, caseId }, 'case history refresh failed'),
    );
  }

  /** Entries shown as pending whose event has left the outbox: the hub acknowledged them. */
  private settleDelivered(): void {
    for (const [caseId, shown] of this.pendingShown) {
      if (shown.size === 0) continue;
      const still = new Set(this.pendingIdsStmt.all(caseId).map((r) => r.id));
      const delivered = [...shown.values()].filter((e) => !still.has(e.id));
      if (delivered.length === 0) continue;
      for (const e of delivered) shown.delete(e.id);
      this.emit('history', { caseId, entries: delivered.map(({ pending: _pending, ...e }) => e) });
    }
  }

  private localEntries(caseId: string): CaseHistoryEntry[] {
    const pending = new Set(this.pendingIdsStmt.all(caseId).map((r) => r.id));
    const entries = this.opts.journal.list({ caseId, limit: MAX_CASE_HISTORY_ENTRIES }).map((e) => this.toEntry(e, pending.has(e.id)));
    const shown = this.pendingShown.get(caseId);
    for (const e of entries) if (e.pending) shown?.set(e.id, e);
    return entries;
  }

  private toEntry(e: JournalEvent, pending: boolean): CaseHistoryEntry {
    return {
      id: e.id,
      at: e.at,
      source: 'console',
      type: e.type,
      actor: { operatorId: e.operatorId, displayName: this.nameOf(e) },
      consoleId: e.consoleId,
      payload: e.payload,
      ...(pending ? { pending: true } : {}),
    };
  }

  private nameOf(e: JournalEvent): string {
    const named = e.payload?.operatorName ?? e.payload?.displayName;
    if (typeof named === 'string' && named) return named.slice(0, 200);
    const op = this.opts.link.operator;
    return op && op.id === e.operatorId ? op.displayName : e.operatorId;
  }
}

/**
 * Sends the journal's outbox to the hub over the console's own lane (uplink.ts): every
 * event, whoever wrote it and whoever is logged in, oldest first, in batches measured
 * in UTF-8 bytes. The hub answers for each event:
 *  - accepted / duplicate → acknowledged, removed from the outbox;
 *  - refused → kept in the outbox with the hub's reason, never resent, counted.
 * An answer the uplink cannot read is a failure, retried with backoff; nothing is taken
 * as delivered without its own answer. Before the console has a key (first login), or
 * after the hub refused it, events wait for the next registration.
 */
import { EventEmitter } from 'node:events';
import type { OutboxStatus } from '@shared/contract/requests';
import { JOURNAL_BATCH_MAX_EVENTS, JOURNAL_BODY_LIMIT_BYTES, type JournalEventResult, type JournalGap } from '@shared/hub-protocol/journal';
import { Drain } from '../lib/drain';
import { silentLogger, type Logger } from '../log/logger';
import type { Journal, StoredEvent } from './journal';
import { UplinkError } from './uplink';

/** The part of JournalUplink the sender needs. */
export interface OutboxUplink {
  canSend(): boolean;
  send(body: string, ids: readonly string[]): Promise<{ results: JournalEventResult[]; gaps: JournalGap[] }>;
  /** A registration ended (registered or not): sending may resume. */
  on(event: 'settled', listener: () => void): unknown;
  off(event: 'settled', listener: () => void): unknown;
}

/** Anything that says the hub is back (the hub link's socket reconnecting): worth a try at once. */
export interface HubBackSignal {
  on(event: 'connected', listener: () => void): unknown;
  off(event: 'connected', listener: () => void): unknown;
}

export interface OutboxSenderOptions {
  journal: Journal;
  uplink: OutboxUplink;
  hubBack?: HubBackSignal;
  logger?: Logger;
  batchEvents?: number;
  /** Whole request body; default half the hub's limit. */
  maxBatchBytes?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/** Half the hub's 1 MiB: room for a hub that lowers its limit a little, never a 413. */
export const MAX_BATCH_BYTES = JOURNAL_BODY_LIMIT_BYTES / 2;
const ENVELOPE = '{"events":[]}';

export class OutboxSender extends EventEmitter<{ status: [OutboxStatus] }> {
  private readonly drain: Drain;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastSentAt: string | null = null;
  private unsubscribe: () => void = () => {};
  private readonly log: Logger;
  private readonly batchEvents: number;
  private readonly maxBatchBytes: number;

  constructor(private readonly opts: OutboxSenderOptions) {
    super();
    this.log = (opts.logger ?? silentLogger()).child({ component: 'outbox' });
    this.batchEvents = Math.min(opts.batchEvents ?? JOURNAL_BATCH_MAX_EVENTS, JOURNAL_BATCH_MAX_EVENTS);
    this.maxBatchBytes = opts.maxBatchBytes ?? MAX_BATCH_BYTES;
    this.drain = new Drain(() => this.run(), { minMs: opts.retryMinMs ?? 1000, maxMs: opts.retryMaxMs ?? 30_000 });
  }

  /** Sends on every append, registration and reconnect, and once now for what a restart left. */
  start(): void {
    const now = () => this.trigger();
    const offAppend = this.opts.journal.onAppend(() => {
      this.trigger();
      this.statusSoon();
    });
    this.opts.uplink.on('settled', now);
    this.opts.hubBack?.on('connected', now);
    this.unsubscribe = () => {
      offAppend();
      this.opts.uplink.off('settled', now);
      this.opts.hubBack?.off('connected', now);
    };
    this.trigger();
  }

  status(): OutboxStatus {
    const box = this.opts.journal.outbox;
    return { pending: box.pendingCount(), refused: box.rejectedCount(), lastSentAt: this.lastSentAt };
  }

  /** Asks for a send as soon as possible; safe to call any number of times. */
  trigger(): void {
    this.drain.trigger();
  }

  /** Sends what it can within timeoutMs (before logout and shutdown); stops at the first failure. */
  async flush(timeoutMs: number): Promise<OutboxStatus> {
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    try {
      while (Date.now() < deadline && !this.drain.isStopped && this.opts.uplink.canSend() && this.opts.journal.outbox.pendingCount() > 0) {
        if (this.drain.backingOff) break; // a send failed: the backoff owns the next attempt
        this.trigger();
        await Promise.race([this.drain.running, expired]);
      }
    } finally {
      clearTimeout(timer);
    }
    return this.status();
  }

  stop(): void {
    this.drain.stop();
    this.unsubscribe();
    clearTimeout(this.statusTimer);
  }

  /** Appends and batches come in bursts; the status (COUNTs over the outbox) is told once per burst. */
  private statusSoon(): void {
    if (this.statusTimer || this.drain.isStopped) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      if (!this.drain.isStopped) this.emit('status', this.status());
    }, 100);
  }

  /** One pass of the drain: batches until the outbox is empty or a send fails. */
  private async run(): Promise<void> {
    try {
      while (!this.drain.isStopped && this.opts.uplink.canSend()) {
        const sent = await this.sendOneBatch();
        if (!sent) break;
      }
    } catch (err) {
      if (err instanceof UplinkError && (err.kind === 'no-key' || err.kind === 'key-refused')) {
        this.log.warn({ pending: this.opts.journal.outbox.pendingCount() }, 'journal events wait for the console to register again (next operator login)');
      } else {
        this.scheduleRetry(err);
      }
    }
  }

  /** One batch out and its answers applied; false when there was nothing to send. */
  private async sendOneBatch(): Promise<boolean> {
    const box = this.opts.journal.outbox;
    const { texts, ids, unsendable } = this.assemble(box.pendingStored(this.batchEvents));
    if (unsendable.length > 0) {
      this.opts.journal.transaction(() => {
        for (const u of unsendable) box.reject([u.id], `not sent: ${u.why}`);
      });
      this.log.error({ unsendable }, 'JOURNAL EVENTS THAT CANNOT BE SENT: kept in the local outbox, marked, not resent');
    }
    if (ids.length === 0) return unsendable.length > 0;
    const answer = await this.opts.uplink.send(`{"events":[${texts.join(',')}]}`, ids);
    const acked: string[] = [];
    const refused: { id: string; reason: string }[] = [];
    answer.results.forEach((r, i) => {
      const id = ids[i]!;
      if (r.status === 'refused') refused.push({ id, reason: `refused by the hub (${r.code ?? 'no code'}: ${r.message ?? 'no reason given'})` });
      else acked.push(id);
    });
    this.opts.journal.transaction(() => {
      box.ack(acked);
      for (const r of refused) box.reject([r.id], r.reason);
    });
    if (refused.length > 0) this.log.error({ refused }, 'HUB REFUSED JOURNAL EVENTS: kept in the local outbox, marked, not resent');
    for (const g of answer.gaps) this.log.warn({ eventId: g.eventId }, 'the hub holds no event before this one of our chain (an earlier event was refused or lost)');
    this.lastSentAt = new Date().toISOString();
    this.drain.succeeded();
    this.statusSoon();
    return true;
  }

  /** The oldest events that fit in one body, as JSON texts; those that can never be sent, apart. */
  private assemble(rows: StoredEvent[]): { texts: string[]; ids: string[]; unsendable: { id: string; why: string }[] } {
    const texts: string[] = [];
    const ids: string[] = [];
    const unsendable: { id: string; why: string }[] = [];
    let bytes = Buffer.byteLength(ENVELOPE);
    for (const row of rows) {
      const wire = wireText(row);
      if ('why' in wire) {
        unsendable.push({ id: row.id, why: wire.why });
        continue;
      }
      const size = Buffer.byteLength(wire.text) + 1;
      if (bytes + size > this.maxBatchBytes) {
        if (ids.length > 0) break; // the next batch starts with it
        unsendable.push({ id: row.id, why: `${size} bytes, more than a whole batch may carry (${this.maxBatchBytes})` });
        continue;
      }
      bytes += size;
      texts.push(wire.text);
      ids.push(row.id);
    }
    return { texts, ids, unsendable };
  }

  private scheduleRetry(err: unknown): void {
    if (this.drain.isStopped) return;
    const retryInMs = this.drain.retry();
    const reason = err instanceof Error ? err.message : String(err);
    this.log.warn({ reason, retryInMs, pending: this.opts.journal.outbox.pendingCount() }, 'journal batch not delivered; will retry');
  }

}

/**
 * One event as JSON text. The payload goes as the stored text that was hashed, never parsed
 * and re-serialised (JSON.stringify would overflow on a deeply nested one); it is only checked
 * to be a JSON object, so one bad row never makes the whole body unreadable.
 */
export function wireText(e: StoredEvent): { text: string } | { why: string } {
  if (e.payload !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.payload);
    } catch {
      return { why: 'its stored payload is not JSON' };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { why: 'its stored payload is not a JSON object' };
  }
  const { payload, ...rest } = e;
  const head = JSON.stringify(rest);
  return { text: `${head.slice(0, -1)},"payload":${payload ?? 'null'}}` };
}

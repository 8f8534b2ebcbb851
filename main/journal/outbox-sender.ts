/**
 * Sends the journal's outbox to the hub in batches while the link is up. The
 * hub deduplicates by event id, so a batch whose ack was lost is simply sent
 * again: nothing lost, nothing doubled. Failures back off; an append or a
 * reconnect triggers a send at once.
 *
 * Only the logged-in operator's events go out, under that operator's session:
 * the hub refuses events signed for someone else (forgery), and an event must
 * never be attributed to the wrong session. Events left by an operator who
 * logged out wait here until that operator logs in again on this console.
 */
import { EventEmitter } from 'node:events';
import type { OutboxStatus } from '@shared/contract/requests';
import type { JournalEvent } from '@shared/domain/journal';
import { silentLogger, type Logger } from '../log/logger';
import type { Journal } from './journal';

/** The part of HubLink the sender needs. */
export interface OutboxLink {
  isConnected(): boolean;
  /** Who the link's session belongs to; events are sent only for this operator. */
  readonly operator: { id: string } | null;
  on(event: 'connected', listener: () => void): unknown;
  off(event: 'connected', listener: () => void): unknown;
  command(cmd: { type: 'journal'; events: JournalEvent[] }): Promise<{ accepted?: string[]; rejected?: { id: string; code: string; message: string }[] }>;
}

export interface OutboxSenderOptions {
  journal: Journal;
  link: OutboxLink;
  logger?: Logger;
  batchSize?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

export class OutboxSender extends EventEmitter<{ status: [OutboxStatus] }> {
  private running = false;
  private again = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay = 0;
  private lastSentAt: string | null = null;
  private unsubscribe: () => void = () => {};
  private readonly log: Logger;
  private readonly batchSize: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  constructor(private readonly opts: OutboxSenderOptions) {
    super();
    this.log = (opts.logger ?? silentLogger()).child({ component: 'outbox' });
    this.batchSize = opts.batchSize ?? 200;
    this.retryMinMs = opts.retryMinMs ?? 1000;
    this.retryMaxMs = opts.retryMaxMs ?? 30_000;
  }

  /** Sends on every append and on every (re)connect, and once now for what a restart left. */
  start(): void {
    const onConnected = () => {
      const op = this.opts.link.operator?.id;
      const others = op ? this.opts.journal.outbox.count() - this.opts.journal.outbox.pendingCount(op) : 0;
      if (others > 0) this.log.info({ others }, 'journal events of other operators (or refused) stay in the outbox until their next login here');
      this.trigger();
    };
    const offAppend = this.opts.journal.onAppend(() => {
      this.trigger();
      this.emit('status', this.status());
    });
    this.opts.link.on('connected', onConnected);
    this.unsubscribe = () => {
      offAppend();
      this.opts.link.off('connected', onConnected);
    };
    this.trigger();
  }

  status(): OutboxStatus {
    return { pending: this.opts.journal.outbox.count(), lastSentAt: this.lastSentAt };
  }

  /** Asks for a send as soon as possible; safe to call any number of times. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.run();
  }

  /** Sends what it can within timeoutMs (used before logout and shutdown). */
  async flush(timeoutMs: number): Promise<OutboxStatus> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.opts.link.isConnected() && this.sendable() > 0) {
      if (!this.running) this.trigger();
      await new Promise((r) => setTimeout(r, 20));
      if (this.retryTimer) break; // a send failed: the backoff owns the next attempt
    }
    return this.status();
  }

  /** What the current session may send now. */
  private sendable(): number {
    const op = this.opts.link.operator?.id;
    return op ? this.opts.journal.outbox.pendingCount(op) : 0;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.retryTimer);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && this.opts.link.isConnected()) {
          // Read with the send, in the same tick: the session cannot change in between.
          const operatorId = this.opts.link.operator?.id;
          if (!operatorId) break;
          const batch = withinBytes(this.opts.journal.outbox.pending(this.batchSize, operatorId), MAX_BATCH_BYTES);
          if (batch.length === 0) break;
          const ack = await this.opts.link.command({ type: 'journal', events: batch });
          // The hub lists every valid event as accepted, duplicates included; the rest it refused.
          const accepted = new Set(ack.accepted ?? batch.map((e) => e.id));
          const refused = batch.filter((e) => !accepted.has(e.id)).map((e) => e.id);
          this.opts.journal.outbox.ack([...accepted]);
          if (refused.length > 0) {
            const why = new Map((ack.rejected ?? []).map((r) => [r.id, `${r.code}: ${r.message}`]));
            for (const id of refused) this.opts.journal.outbox.reject([id], `refused by the hub (${why.get(id) ?? 'no reason given'})`);
            this.log.error({ refused, reasons: Object.fromEntries(why) }, 'HUB REFUSED JOURNAL EVENTS: kept in the local outbox, marked, not resent');
          }
          this.lastSentAt = new Date().toISOString();
          this.retryDelay = 0;
          this.emit('status', this.status());
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.scheduleRetry(err);
    } finally {
      this.running = false;
    }
  }

  private scheduleRetry(err: unknown): void {
    if (this.stopped) return;
    this.retryDelay = Math.min(this.retryMaxMs, Math.max(this.retryMinMs, this.retryDelay * 2));
    this.log.warn({ err, retryInMs: this.retryDelay, pending: this.opts.journal.outbox.count() }, 'journal batch not delivered; will retry');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.trigger();
    }, this.retryDelay);
  }
}

/**
 * The hub drops a connection whose message exceeds 1 MiB (socket.io maxHttpBufferSize);
 * half that leaves room for the envelope. At least one event always goes.
 */
const MAX_BATCH_BYTES = 512 * 1024;

export function withinBytes<T>(events: T[], maxBytes: number): T[] {
  let total = 0;
  for (let i = 0; i < events.length; i++) {
    total += JSON.stringify(events[i]).length;
    if (total > maxBytes && i > 0) return events.slice(0, i);
  }
  return events;
}

/**
 * Sends the logged-in operator's queued commands to the hub, oldest first, one
 * at a time, each with its own commandId. No answer (the hub is away, the
 * connection dropped before the ack, the ack was unreadable) leaves the
 * command pending: it goes again on the next (re)connect with the same id,
 * and the hub answers a repeat with its first answer, so it is applied once.
 * Only the hub's own answer settles a command.
 *
 * Commands of an operator who logged out wait here for that operator's next
 * login on this console: the hub accepts a command only under its author's session.
 */
import type { Case } from '@shared/domain/case';
import type { HubError } from '@shared/hub-protocol/console';
import { hubRefusal } from '../hub-link/ack';
import type { HubAckOk, HubCommandInput } from '../hub-link/hub-link';
import { Drain } from '../lib/drain';
import { silentLogger, type Logger } from '../log/logger';
import type { CommandRow } from './command-store';
import type { CommandQueue } from './command-queue';

/** The part of HubLink the sender needs. */
export interface CommandLink {
  isConnected(): boolean;
  readonly operator: { id: string } | null;
  on(event: 'connected', listener: () => void): unknown;
  off(event: 'connected', listener: () => void): unknown;
  command(cmd: HubCommandInput): Promise<HubAckOk>;
  getCase(id: string): Case | undefined;
}

export interface CommandSenderOptions {
  queue: CommandQueue;
  link: CommandLink;
  logger?: Logger;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * The hub answered `internal` (its transaction failed and stored nothing): worth a few more
 * tries with the same id, then a refusal the operator sees, so one command cannot hold up
 * the ones behind it forever.
 */
const MAX_INTERNAL_ANSWERS = 3;

/** The command as the hub takes it; null for a stored closure without its reason (never made up). */
export function hubCommandOf(row: CommandRow): HubCommandInput | null {
  const base = { commandId: row.commandId, caseId: row.caseId };
  if (row.type !== 'close') return { ...base, type: row.type };
  if (!row.args.closureCode) return null;
  return {
    ...base,
    type: 'close',
    closureCode: row.args.closureCode,
    ...(row.args.note !== undefined ? { note: row.args.note } : {}),
  };
}

export class CommandSender {
  private readonly drain: Drain;
  private readonly internalAnswers = new Map<string, number>();
  private unsubscribe: () => void = () => {};
  private readonly log: Logger;

  constructor(private readonly opts: CommandSenderOptions) {
    this.log = (opts.logger ?? silentLogger()).child({ component: 'command-sender' });
    this.drain = new Drain(() => this.run(), { minMs: opts.retryMinMs ?? 500, maxMs: opts.retryMaxMs ?? 15_000 });
  }

  /** Sends on every new command and every (re)connect (a login connects too). */
  start(): void {
    const trigger = () => this.trigger();
    this.opts.queue.on('submitted', trigger);
    this.opts.link.on('connected', trigger);
    this.unsubscribe = () => {
      this.opts.queue.off('submitted', trigger);
      this.opts.link.off('connected', trigger);
    };
    this.trigger();
  }

  stop(): void {
    this.drain.stop();
    this.unsubscribe();
  }

  trigger(): void {
    this.drain.trigger();
  }

  /** One pass of the drain: the operator's commands in order, until one gets no answer. */
  private async run(): Promise<void> {
    try {
      while (!this.drain.isStopped && this.opts.link.isConnected()) {
        const operatorId = this.opts.link.operator?.id;
        if (!operatorId) break;
        const row = this.opts.queue.next(operatorId);
        if (!row) break;
        // No answer: the retry timer resumes, or a (re)connect or new command once it has fired.
        if (!(await this.sendOne(row))) break;
      }
    } catch (err) {
      this.log.error({ err }, 'command sender failed; retrying');
      this.drain.retry();
    }
  }

  /** True when the hub answered (the command is settled), false when it must go again. */
  private async sendOne(row: CommandRow): Promise<boolean> {
    const { queue, link } = this.opts;
    let refusal: HubError | null = null;
    const cmd = hubCommandOf(row);
    if (!cmd) {
      this.log.error({ commandId: row.commandId }, 'queued closure without a closure code: refused here, never sent with a made-up reason');
      queue.refused(row.commandId, { code: 'invalid-command', message: 'Clôture enregistrée sans motif : clôturez à nouveau en choisissant le motif' });
      this.settledOne(row);
      return true;
    }
    try {
      const ack = await link.command(cmd);
      queue.applied(row.commandId, ack.case ?? link.getCase(row.caseId) ?? null);
      this.settledOne(row);
      return true;
    } catch (err) {
      refusal = hubRefusal(err);
      if (!refusal) {
        this.log.warn({ commandId: row.commandId, type: row.type, err: (err as Error).message }, 'command not answered; it stays queued');
        this.drain.retry();
        return false;
      }
    }
    if (refusal.code === 'rate-limited') {
      // Not applied, not stored: the same command goes again once the hub says it may.
      this.log.info({ commandId: row.commandId, retryAfterMs: refusal.retryAfterMs }, 'hub rate limit: the command goes again');
      this.drain.retry(refusal.retryAfterMs);
      return false;
    }
    if (refusal.code === 'internal') {
      const n = (this.internalAnswers.get(row.commandId) ?? 0) + 1;
      this.internalAnswers.set(row.commandId, n);
      if (n < MAX_INTERNAL_ANSWERS) {
        this.log.warn({ commandId: row.commandId, answers: n }, 'hub failed on the command; it goes again');
        this.drain.retry();
        return false;
      }
    }
    queue.refused(row.commandId, refusal);
    this.settledOne(row);
    return true;
  }

  private settledOne(row: CommandRow): void {
    this.internalAnswers.delete(row.commandId);
    this.drain.succeeded();
  }
}

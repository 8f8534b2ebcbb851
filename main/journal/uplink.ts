/**
 * The console's journal lane to the hub, over plain HTTP (fetch, hard timeouts):
 *  - register(accessToken), after each operator login: the console shows its key (if it has
 *    one) and the hub keeps it or issues a new one, kept in journal.meta('console_key');
 *    the hub also learns that this operator logged in here;
 *  - send(body, ids): one batch under the console's own key, whoever is logged in.
 * An answer that cannot be read for every event it was sent is a failure, never a delivery.
 */
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  CONSOLE_KEY_HEADER,
  ConsoleRegisterResponse,
  JournalBatchAnswer,
  type JournalEventResult,
  type JournalGap,
} from '@shared/hub-protocol/journal';
import { describeNetError } from '../hub-link/net-errors';
import { silentLogger, type Logger } from '../log/logger';
import type { Journal } from './journal';

const KEY_META = 'console_key';

export type UplinkFailure =
  /** No key yet, or the hub refused it: events wait for the next login's registration. */
  | 'no-key'
  | 'key-refused'
  /** Network error, timeout, or an HTTP error other than 401. */
  | 'unreachable'
  /** HTTP 200 whose body is not a JSON answer for exactly the events sent. */
  | 'unreadable';

export class UplinkError extends Error {
  constructor(
    readonly kind: UplinkFailure,
    message: string,
  ) {
    super(message);
    this.name = 'UplinkError';
  }
}

export interface JournalUplinkOptions {
  hubUrl: string;
  journal: Pick<Journal, 'consoleId' | 'meta'>;
  logger?: Logger;
  /** Per request, connection to last byte of the answer. Default 15 s. */
  timeoutMs?: number;
  /** Attempts of one registration when the hub does not answer (then: at the next login). Default 4. */
  registerAttempts?: number;
  registerRetryMs?: number;
}

export class JournalUplink extends EventEmitter<{ settled: [registered: boolean] }> {
  private keyRefused = false;
  private closed = false;
  /** Registrations under way: the operator who just logged in may not be known here yet. */
  private registering = 0;
  private readonly log: Logger;
  private readonly timeoutMs: number;

  constructor(private readonly opts: JournalUplinkOptions) {
    super();
    this.log = (opts.logger ?? silentLogger()).child({ component: 'journal-uplink' });
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  private key(): string | null {
    return this.opts.journal.meta.get(KEY_META);
  }

  /**
   * A key the hub has not refused, and no registration under way: an operator's first events
   * on this console wait until the hub knows they logged in here (else: refused, forbidden).
   */
  canSend(): boolean {
    return this.registering === 0 && !this.keyRefused && this.key() !== null;
  }

  /**
   * Registers this console with an operator's access token; call it right after the login,
   * before journaling anything for that operator (sending pauses from this call on). Never
   * throws: a failure is logged and retried a few times, then left to the next login.
   * 'settled' tells the end, registered or not.
   */
  async register(token: string | null | Promise<string | null>): Promise<boolean> {
    // Counted before any await: an event appended right after this call waits for the outcome.
    this.registering++;
    let ok = false;
    try {
      const accessToken = await Promise.resolve(token).catch(() => null);
      if (!accessToken) this.log.warn('no access token after login: console not registered; journal events wait for the next login');
      else ok = await this.registerWithRetries(accessToken);
    } finally {
      this.registering--;
      if (!this.closed) this.emit('settled', ok);
    }
    return ok;
  }

  private async registerWithRetries(accessToken: string): Promise<boolean> {
    const attempts = this.opts.registerAttempts ?? 4;
    let delay = this.opts.registerRetryMs ?? 1000;
    for (let i = 1; ; i++) {
      const outcome = await this.registerOnce(accessToken);
      if (outcome !== 'retry') return outcome === 'done';
      if (this.closed) return false;
      if (i >= attempts) {
        // With a key from an earlier login, sending goes on: only the events of an operator new to
        // this console would be refused (forbidden) until a registration gets through.
        this.log.error({ attempts, hasKey: this.key() !== null }, 'CONSOLE REGISTRATION FAILED: retried at the next operator login');
        return false;
      }
      // Backoff between attempts: the hub is down or restarting, and asking at once would only
      // fail again; the operator is never waiting on this (it runs after the login answered).
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }

  private async registerOnce(accessToken: string): Promise<'done' | 'retry' | 'refused'> {
    const current = this.key();
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    if (current) headers[CONSOLE_KEY_HEADER] = current;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.opts.hubUrl}/api/v1/consoles/register`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ consoleId: this.opts.journal.consoleId, name: hostname().slice(0, 100) || undefined }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      this.log.warn({ cause: describeNetError(err, this.timeoutMs) }, 'console registration: hub unreachable');
      return 'retry';
    }
    if (res.status >= 500) {
      this.log.warn({ status: res.status }, 'console registration: hub error');
      return 'retry';
    }
    if (res.status !== 200) {
      this.log.error({ status: res.status, body: text.slice(0, 300) }, 'console registration refused by the hub');
      return 'refused';
    }
    const answer = ConsoleRegisterResponse.safeParse(safeJson(text));
    if (!answer.success || answer.data.consoleId !== this.opts.journal.consoleId || (answer.data.keyStatus === 'issued' && !answer.data.key)) {
      this.log.error({ body: text.slice(0, 300) }, 'console registration: unreadable answer from the hub');
      return 'retry';
    }
    if (this.closed) return 'refused'; // shutting down: the journal may be closed already
    if (answer.data.key) this.opts.journal.meta.set(KEY_META, answer.data.key);
    this.keyRefused = false;
    this.log.info({ consoleId: this.opts.journal.consoleId, keyStatus: answer.data.keyStatus }, 'console registered with the hub');
    return 'done';
  }

  /** Posts one batch (`body` = {"events":[…]} holding exactly `ids`, in order); resolves with one result per id. */
  async send(body: string, ids: readonly string[]): Promise<{ results: JournalEventResult[]; gaps: JournalGap[] }> {
    const key = this.key();
    if (!key || this.keyRefused) throw new UplinkError(key ? 'key-refused' : 'no-key', 'no usable console key: waiting for an operator login');
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.opts.hubUrl}/api/v1/journal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new UplinkError('unreachable', `hub unreachable: ${describeNetError(err, this.timeoutMs)}`);
    }
    if (res.status === 401) {
      // A registration may have replaced the key while this request was out: only the key in use is refused.
      if (this.key() === key) {
        this.keyRefused = true;
        this.log.error(
          { consoleId: this.opts.journal.consoleId },
          'THE HUB REFUSED THIS CONSOLE KEY (401): journal events stay in the outbox until the next operator login registers the console again',
        );
      }
      throw new UplinkError('key-refused', 'console key refused by the hub');
    }
    if (res.status !== 200) throw new UplinkError('unreachable', `hub answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    const answer = JournalBatchAnswer.safeParse(safeJson(text));
    if (!answer.success) throw new UplinkError('unreadable', `unreadable answer from the hub: ${text.slice(0, 120)}`);
    const { results } = answer.data;
    if (results.length !== ids.length || results.some((r, i) => r.id !== ids[i])) {
      throw new UplinkError('unreadable', `the hub answered for other events than those sent (${results.length} results for ${ids.length} events)`);
    }
    return answer.data;
  }

  /** Stops registration retries (process shutdown). */
  close(): void {
    this.closed = true;
    this.removeAllListeners();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * SMS and e-mail for notify steps go through a gateway the centre chooses: an HTTP
 * gateway (its operator's API, given by --notify-url), or the simulated one of the demo
 * and the tests, which keeps what it was given and never reaches a real phone.
 */
import type { Logger } from '../log/logger';

export interface NotifyMessage {
  caseId: string;
  channel: 'sms' | 'email';
  to: string;
  message: string;
}

export interface NotifyGateway {
  readonly name: string;
  send(m: NotifyMessage): Promise<{ ok: true; reference: string } | { ok: false; error: string }>;
}

/** The demo's gateway: records each message (the simulator's "outbox"), answers at once. */
export class SimulatedNotifyGateway implements NotifyGateway {
  readonly name = 'simulated';
  readonly sent: (NotifyMessage & { at: string })[] = [];
  constructor(private readonly log: Logger) {}
  send(m: NotifyMessage) {
    this.sent.push({ ...m, at: new Date().toISOString() });
    this.log.info({ caseId: m.caseId, channel: m.channel, to: m.to }, 'simulated gateway: message kept, not sent to a phone');
    return Promise.resolve({ ok: true as const, reference: `sim-${this.sent.length}` });
  }
}

/** POSTs {channel, to, message, caseId} as JSON; any 2xx is sent. Bounded: a slow gateway never holds the operator. */
export class HttpNotifyGateway implements NotifyGateway {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly timeoutMs = 5000,
  ) {}
  async send(m: NotifyMessage) {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(m),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) return { ok: false as const, error: `passerelle : HTTP ${res.status}` };
      return { ok: true as const, reference: res.headers.get('x-message-id') ?? `http-${res.status}` };
    } catch (err) {
      this.log.warn({ err: (err as Error).message, caseId: m.caseId }, 'notify gateway unreachable');
      return { ok: false as const, error: `passerelle injoignable : ${(err as Error).message}` };
    }
  }
}

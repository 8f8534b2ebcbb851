/**
 * FakeApiClientMock: an in-memory ApiClient for renderer tests. The real host
 * (Electron main) cannot run inside jsdom, so this mock stands in for it:
 * tests script answers per method, read the calls made, and emit events.
 */
import { ApiError, type ApiClient, type EventName, type EventPayload, type RequestArgs, type RequestName, type RequestResult } from '@shared/contract';
import { makeSession } from './fixtures';

type Handler<K extends RequestName> = (args: RequestArgs<K>) => RequestResult<K> | Promise<RequestResult<K>>;

export class FakeApiClientMock implements ApiClient {
  readonly calls: Array<{ method: RequestName; args: unknown }> = [];
  private readonly handlers = new Map<RequestName, Handler<RequestName>>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();

  constructor() {
    // Sensible defaults: a logged-out demo console with an empty queue.
    this.handle('session.get', () => makeSession(null));
    this.handle('cases.list', () => []);
    this.handle('journal.list', () => []);
    this.handle('commands.list', () => []);
    this.handle('cases.history', ({ caseId }) => ({ caseId, entries: [], hubAvailable: true }));
    this.handle('journal.outbox', () => ({ pending: 0, refused: 0, lastSentAt: null }));
    // An empty site directory: the case view shows no plan.
    this.handle('directory.beacon', () => null).handle('directory.site', () => null);
    this.handle('app.info', () => ({ version: '0.0.0-test', runtime: 'browser', capabilities: { nativeNotifications: false } }));
  }

  handle<K extends RequestName>(method: K, handler: Handler<K>): this {
    this.handlers.set(method, handler as unknown as Handler<RequestName>);
    return this;
  }

  /** Makes a method fail with the given code. */
  fail(method: RequestName, code: ApiError['code'], details?: Record<string, unknown>): this {
    this.handlers.set(method, () => {
      throw new ApiError(code, `${method} failed: ${code}`, details);
    });
    return this;
  }

  async invoke<K extends RequestName>(method: K, args: RequestArgs<K>): Promise<RequestResult<K>> {
    this.calls.push({ method, args });
    const h = this.handlers.get(method);
    if (!h) throw new ApiError('unknown-method', `no fake handler for ${method}`);
    await Promise.resolve();
    return (await h(args as RequestArgs<RequestName>)) as RequestResult<K>;
  }

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<K extends EventName>(event: K, payload: EventPayload<K>): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(payload);
  }

  callsOf(method: RequestName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

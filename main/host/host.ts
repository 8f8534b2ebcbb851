/**
 * The transport-neutral dispatcher: one envelope in, one envelope out. Every
 * argument is validated against the shared schema before a service sees it;
 * every failure becomes an error response, never an exception.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, eventSchemas, isRequestName, needsOperator, requestSchemas } from '@shared/contract';
import type { EventEnvelope, EventName, EventPayload, RequestEnvelope, ResponseEnvelope } from '@shared/contract';
import { sortQueue } from '@shared/domain/case';
import { caseHistoryFeature } from '../case-history';
import { invalidArgument } from './errors';
import { caseHandlers } from './handlers/cases';
import { directoryHandlers } from './handlers/directory';
import { journalHandlers } from './handlers/journal';
import { sessionHandlers } from './handlers/session';
import { voiceFeature } from './handlers/voice';
import { scriptsFeature } from './handlers/scripts';
import type { Emit, HandlerContext, Handlers, Services } from './types';

export interface HostOptions {
  /** Check results and events against their schemas too (tests; costs time on big snapshots). */
  validateOutput?: boolean;
}

export interface Host {
  handle(envelope: RequestEnvelope, ctx: HandlerContext): Promise<ResponseEnvelope>;
  onEvent(listener: (e: EventEnvelope) => void): () => void;
  dispose(): void;
}

export function createHost(s: Services, opts: HostOptions = {}): Host {
  const log = s.logger.child({ component: 'host' });
  const listeners = new Set<(e: EventEnvelope) => void>();

  const emit: Emit = (event, payload) => {
    if (opts.validateOutput) {
      const r = eventSchemas[event as EventName].safeParse(payload);
      if (!r.success) log.error({ event, issues: r.error.issues.slice(0, 5) }, 'host emitted an event outside its schema');
    }
    const env: EventEnvelope = { kind: 'evt', event, payload };
    for (const l of listeners) {
      try {
        l(env);
      } catch (err) {
        log.error({ err, event }, 'event listener failed');
      }
    }
  };

  const caseHistory = caseHistoryFeature(s, emit);
  const voice = voiceFeature(s, emit);
  const scripts = scriptsFeature(s, emit);
  const handlers: Handlers = { ...sessionHandlers(s, emit), ...caseHandlers(s), ...journalHandlers(s), ...caseHistory.handlers, ...voice.handlers, ...directoryHandlers(s, emit), ...scripts.handlers };

  const subscriptions = [
    caseHistory.dispose,
    voice.dispose,
    scripts.dispose,
    () => s.link.off('snapshot', onSnapshot),
    () => s.link.off('caseChanged', onCase),
    () => s.link.off('status', onStatus),
    s.journal.onAppend((e) => emit('journal.appended', e)),
    () => s.outbox.off('status', onOutbox),
    () => s.commands.off('changed', onCommand),
  ];
  function onSnapshot(cases: Parameters<typeof sortQueue>[0]) {
    emit('cases.snapshot', { cases: sortQueue(cases) });
  }
  function onCase(c: Parameters<typeof sortQueue>[0][number]) {
    emit('cases.changed', { case: c });
  }
  function onStatus(status: ReturnType<Services['link']['status']>) {
    emit('hub.status', status);
  }
  function onOutbox(status: ReturnType<Services['outbox']['status']>) {
    emit('journal.outbox', status);
  }
  function onCommand(command: EventPayload<'commands.changed'>['command']) {
    emit('commands.changed', { command });
  }
  s.link.on('snapshot', onSnapshot);
  s.link.on('caseChanged', onCase);
  s.link.on('status', onStatus);
  s.outbox.on('status', onOutbox);
  s.commands.on('changed', onCommand);

  async function dispatch(env: RequestEnvelope, ctx: HandlerContext): Promise<unknown> {
    const { method } = env;
    if (!isRequestName(method)) throw new ApiError('unknown-method', `Méthode inconnue : ${String(method).slice(0, 80)}`);
    // Before the arguments: a caller without a session learns nothing about what a request expects.
    if (needsOperator(method) && !s.link.operator) {
      throw new ApiError('not-logged-in', 'Connectez-vous pour accéder aux alarmes et au journal.');
    }
    const parsed = requestSchemas[method].args.safeParse(env.args ?? {});
    if (!parsed.success) throw invalidArgument(method, parsed.error);
    const handler = handlers[method] as (a: unknown, c: HandlerContext) => unknown;
    const result = await handler(parsed.data, ctx);
    if (opts.validateOutput) {
      const r = requestSchemas[method].result.safeParse(result);
      if (!r.success) throw new Error(`result of ${method} outside its schema: ${r.error.message}`);
    }
    return result;
  }

  return {
    async handle(env, ctx) {
      const id = typeof env?.id === 'number' ? env.id : -1;
      try {
        const result = await dispatch(env, ctx);
        return { kind: 'res', id, ok: true, result };
      } catch (err) {
        if (err instanceof ApiError) {
          log.info({ method: env?.method, code: err.code, transport: ctx.transport }, 'request refused');
          return { kind: 'res', id, ok: false, error: err.toShape() };
        }
        const ref = randomUUID();
        log.error({ err, ref, method: env?.method, transport: ctx.transport }, 'request failed unexpectedly');
        return { kind: 'res', id, ok: false, error: { code: 'internal', message: `Erreur interne (réf. ${ref}).` } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      for (const off of subscriptions) off();
      listeners.clear();
    },
  };
}

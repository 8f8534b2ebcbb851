/**
 * Alarm intake goes first. The hub has one SQLite connection: a journal transaction in
 * progress makes every query of an alarm wait for it. So the journal lane looks at the
 * alarms in flight (POST /api/v1/alarms, counted from their first byte to their answer) and
 * starts its next transaction only when there is none, or after maxWaitMs at worst (a
 * storm of alarms delays the journal, never the reverse).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface IntakeGate {
  /** Resolves when no alarm is in flight, or after maxWaitMs. */
  clear(maxWaitMs?: number): Promise<void>;
  /** No alarm in flight and none answered for `ms`: intake is quiet, longer journal transactions cost it nothing. */
  quietFor(ms: number): boolean;
}

const INTAKE_PATH = '/api/v1/alarms';

export function watchIntake(app: FastifyInstance, now: () => number = () => performance.now()): IntakeGate {
  let inFlight = 0;
  let lastAlarmAt = Number.NEGATIVE_INFINITY;
  let waiters: (() => void)[] = [];
  const counted = new WeakSet<FastifyRequest>();
  const done = (req: FastifyRequest) => {
    if (!counted.delete(req)) return;
    inFlight--;
    lastAlarmAt = now();
    if (inFlight === 0) {
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    }
  };
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST' || req.url.split('?')[0] !== INTAKE_PATH) return;
    counted.add(req);
    inFlight++;
    lastAlarmAt = now();
  });
  app.addHook('onResponse', async (req) => done(req));
  app.addHook('onRequestAbort', async (req) => done(req));
  return {
    quietFor: (ms) => inFlight === 0 && now() - lastAlarmAt >= ms,
    clear(maxWaitMs = 250) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== go);
          resolve();
        }, maxWaitMs);
        const go = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push(go);
      });
    },
  };
}

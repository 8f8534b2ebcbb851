/**
 * POST /api/v1/journal: a console's outbox, on its own lane. The console key is checked
 * on the headers alone (401 before the body is read), then the Content-Type, then the
 * size (1 MiB), then the batch shape; each event is then judged on its own and answered
 * in `results`, in the order sent. Not run in the hub's case lanes: a batch never delays
 * alarm intake beyond its own short transaction.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { JOURNAL_BATCH_MAX_EVENTS, JOURNAL_BODY_LIMIT_BYTES, type JournalBatchAnswer } from '@shared/hub-protocol/journal';
import { authenticateConsole } from '../auth/consoles';
import type { HubContext } from '../context';
import { watchIntake } from '../journal/intake-gate';

/** Intake quiet this long: the journal lane may take longer transactions. */
const QUIET_MS = 1000;
import { storeJournalBatch, TX_EVENTS, TX_EVENTS_QUIET } from '../journal/journal-store';
import { describeIssues, zodIssues } from '../issues';
import { httpError, requireJson } from './errors';

const Batch = z.object({ events: z.array(z.unknown()).min(1).max(JOURNAL_BATCH_MAX_EVENTS) }).strict();
const consoles = new WeakMap<FastifyRequest, string>();

export function registerJournalRoute(app: FastifyInstance, hub: HubContext): void {
  const intake = watchIntake(app);
  async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const c = await authenticateConsole(hub.db, req.headers.authorization);
    if (c) return void consoles.set(req, c.id);
    hub.logger.warn({ ip: req.ip }, 'journal batch refused: bad console key');
    return reply
      .code(401)
      .send(httpError('unauthorized', 'Clé de console absente ou invalide (Authorization: Bearer <consoleId>.<secret>) : la console se réinscrit à la prochaine connexion d’un opérateur'));
  }

  app.post(
    '/api/v1/journal',
    {
      bodyLimit: JOURNAL_BODY_LIMIT_BYTES,
      onRequest: [authenticate, requireJson],
      // The hub-wide handler names the ingest's 64 KiB limit; this lane has its own.
      errorHandler: (err: FastifyError, req, reply) => {
        if (err.statusCode !== 413) throw err;
        req.log.warn({ url: req.url }, 'journal batch too large');
        return reply.code(413).send(httpError('too-large', 'Lot de journal trop grand (1 Mio au plus) : envoyez des lots plus petits'));
      },
    },
    async (req, reply) => {
      const consoleId = consoles.get(req)!;
      const batch = Batch.safeParse(req.body);
      if (!batch.success) {
        hub.logger.warn({ consoleId, issues: zodIssues(batch.error) }, 'journal batch refused: not {events: [1..500]}');
        return reply
          .code(400)
          .send(httpError('invalid-batch', `Lot de journal invalide : ${describeIssues(batch.error, '(corps)')}`, zodIssues(batch.error)));
      }
      const out = await storeJournalBatch(hub.db, consoleId, batch.data.events, new Date().toISOString(), {
        yieldTo: () => intake.clear(),
        // A backlog after an outage goes in long transactions while no alarm comes, in short
        // ones (a few ms each) as soon as alarms do: an alarm waits at most for one of them.
        txEvents: () => (intake.quietFor(QUIET_MS) ? TX_EVENTS_QUIET : TX_EVENTS),
        committed: (stored) => {
          try {
            hub.bus.emit('journal.stored', stored);
          } catch (err) {
            // Stored and committed: a failing listener must not turn the answer into an error.
            hub.logger.error({ err, consoleId }, 'journal.stored listener failed');
          }
        },
      });
      report(hub, consoleId, out);
      const answer: JournalBatchAnswer = { results: out.results, gaps: out.opened };
      return answer;
    },
  );
}

function report(hub: HubContext, consoleId: string, out: Awaited<ReturnType<typeof storeJournalBatch>>): void {
  const refusedList = out.results.filter((r) => r.status === 'refused');
  if (refusedList.length > 0) {
    hub.logger.warn(
      { consoleId, refused: refusedList.length, first: refusedList.slice(0, 20).map((r) => ({ id: r.id, code: r.code })) },
      'journal events refused',
    );
  }
  for (const g of out.opened) {
    hub.logger.warn({ consoleId, eventId: g.eventId, missingHash: g.missingHash }, 'JOURNAL GAP: an event of this console is missing before this one');
  }
  for (const g of out.closed) hub.logger.info({ consoleId, eventId: g.eventId }, 'journal gap closed: the missing event arrived');
  hub.logger.debug({ consoleId, stored: out.stored.length, sent: out.results.length }, 'journal batch');
}

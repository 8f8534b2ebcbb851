/**
 * The /console socket.io namespace: token check, snapshot on every connect,
 * versioned case deltas, commands with acks. Bad payloads get an error ack
 * and a log line; nothing a console sends can throw out of a handler.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Case } from '@shared/domain/case';
import { Role } from '@shared/domain/operator';
import { HUB_NAMESPACE, HubCommand, HubEvents, type HubAck } from '@shared/hub-protocol/console';
import { sessionEndReason, SESSION_END_MESSAGES } from '../auth/sessions';
import { TokenExpired, type Actor } from '../auth/tokens';
import { getCase } from '../cases/case-row';
import type { HubContext } from '../context';
import { clip, describeIssues } from '../issues';
import { attachCaseHistory } from '../history/history-socket';
import { serveVoiceCredentials } from '../voice/credentials-socket';
import { runCommand } from './commands';
import { createLiveRoom } from './live-room';
import { COMMAND_RATE_LIMIT, createCommandLimiter, type CommandLimiter, type RateLimitOptions } from './rate-limit';

const GetCase = z.object({ caseId: z.string().min(1).max(64) });
type Ack = (a: HubAck) => void;

function authError(message: string): Error {
  return Object.assign(new Error(message), { data: { code: 'unauthorized', message } });
}

const invalid = (message: string): HubAck => ({ ok: false, error: { code: 'invalid-command', message } });
const internal: HubAck = { ok: false, error: { code: 'internal', message: 'Erreur interne du hub, réessayez' } };
const rateLimited = (retryAfterMs: number): HubAck => ({
  ok: false,
  error: { code: 'rate-limited', message: 'Trop de commandes en peu de temps : commande non appliquée, renvoyez-la dans un instant', retryAfterMs },
});

export interface ConsoleNamespaceOptions {
  /** Per-socket command limit; default COMMAND_RATE_LIMIT (20/s, bursts of 40). */
  commandRateLimit?: RateLimitOptions;
}

export function attachConsoleNamespace(
  io: Server,
  hub: HubContext,
  opts: ConsoleNamespaceOptions = {},
): { broadcast: (c: Case) => void; nsp: Namespace } {
  const nsp = io.of(HUB_NAMESPACE);
  const live = createLiveRoom(nsp, hub);
  const history = attachCaseHistory(nsp, hub);

  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      hub.logger.warn({ ip: socket.handshake.address }, 'console refused: no token');
      return next(authError('Jeton absent : connectez-vous (handshake auth.token)'));
    }
    hub.tokens.verify(token).then(
      async (claims) => {
        // The token names a session: it must still be live (not logged out, revoked by a password
        // change or an account removal, nor past its 12 h). The session watcher checks it again
        // while the socket lives (session-watch.ts).
        const ended = await sessionEndReason(hub.db, claims.sessionId);
        if (ended) {
          hub.logger.warn({ ip: socket.handshake.address, operatorId: claims.operatorId, sessionId: claims.sessionId, reason: ended }, 'console refused: session over');
          const message = SESSION_END_MESSAGES[ended];
          return next(Object.assign(new Error(message), { data: { code: 'session-ended', reason: ended, message } }));
        }
        // A changed role or display name takes effect at the next (re)connect.
        const user = await hub.db
          .selectFrom('users')
          .select(['display_name', 'role'])
          .where('id', '=', claims.operatorId)
          .executeTakeFirst();
        if (!user) {
          hub.logger.warn({ ip: socket.handshake.address, operatorId: claims.operatorId }, 'console refused: account removed');
          return next(authError('Compte supprimé ou désactivé : contactez votre superviseur'));
        }
        const { sessionId, ...actor } = claims;
        socket.data.actor = { ...actor, displayName: user.display_name, role: Role.parse(user.role) };
        socket.data.sessionId = sessionId;
        next();
      },
      (err: Error) => {
        if (err instanceof TokenExpired) {
          // The usual case after a console was away for more than the token's 10 minutes: it renews it and reconnects.
          hub.logger.info({ ip: socket.handshake.address }, 'console refused: access token expired');
          const message = 'Jeton expiré : renouvelez-le (POST /api/session/refresh)';
          return next(Object.assign(new Error(message), { data: { code: 'token-expired', message } }));
        }
        hub.logger.warn({ ip: socket.handshake.address, err: err.message }, 'console refused: bad token');
        next(authError('Jeton invalide ou expiré : reconnectez-vous'));
      },
    ).catch((err: unknown) => {
      hub.logger.error({ err }, 'console auth failed');
      next(authError('Erreur interne du hub, réessayez'));
    });
  });

  nsp.on('connection', (socket: Socket) => {
    const actor = socket.data.actor as Actor;
    const log = hub.logger.child({ socket: socket.id, operatorId: actor.operatorId });
    log.info('console connected');
    socket.on('disconnect', (reason) => {
      // A message over maxHttpBufferSize closes the transport: the likeliest "transport error" is an oversized batch.
      if (reason === 'transport error') log.warn({ reason }, 'console disconnected: transport error (message over the size limit?)');
      else log.info({ reason }, 'console disconnected');
    });

    live.join(socket).catch((err: unknown) => {
      log.error({ err }, 'snapshot failed; disconnecting so the console retries');
      socket.disconnect(true);
    });

    const limiter: CommandLimiter = createCommandLimiter(opts.commandRateLimit ?? COMMAND_RATE_LIMIT, log);
    socket.on(HubEvents.command, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return log.warn({ payloadType: typeof payload }, 'command without ack callback ignored');
      // Refused before any work: not parsed, not stored, not queued (rate-limit.ts).
      if (!limiter.allow()) return (ack as Ack)(rateLimited(limiter.retryAfterMs()));
      void handleCommand(hub, actor, log, payload, ack as Ack);
    });

    history.serve(socket, log);
    if (hub.voice) serveVoiceCredentials(socket, { operatorId: actor.operatorId, sessionId: socket.data.sessionId as string }, hub.voice, log);

    socket.on(HubEvents.getCase, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return log.warn({ payloadType: typeof payload }, 'case.get without ack callback ignored');
      const args = GetCase.safeParse(payload);
      if (!args.success) {
        log.warn({ issues: args.error.issues.slice(0, 10) }, 'invalid case.get');
        return (ack as Ack)(invalid(`case.get attend { caseId: identifiant de 1 à 64 caractères } : ${describeIssues(args.error, '(requête)')}`));
      }
      getCase(hub.db, args.data.caseId).then(
        (c) => (ack as Ack)(c ? { ok: true, case: c } : { ok: false, error: { code: 'not-found', message: `Dossier ${clip(args.data.caseId, 64)} introuvable` } }),
        (err: unknown) => {
          log.error({ err }, 'case.get failed');
          (ack as Ack)(internal);
        },
      );
    });
  });

  return {
    nsp,
    broadcast: (c) => {
      live.broadcast(c);
      history.caseChanged(c);
    },
  };
}

async function handleCommand(hub: HubContext, actor: Actor, log: HubContext['logger'], payload: unknown, ack: Ack): Promise<void> {
  const cmd = HubCommand.safeParse(payload);
  if (!cmd.success) {
    log.warn({ issues: cmd.error.issues.slice(0, 10) }, 'invalid command');
    return ack(invalid(`Commande invalide : ${describeIssues(cmd.error, '(commande)')}`));
  }
  try {
    // Case commands go through the case lane: applied and broadcast in arrival order. Journal
    // batches have their own HTTP lane (POST /api/v1/journal) and never wait here.
    const res = await hub.serial(async () => {
      const r = await runCommand(hub.db, actor, cmd.data);
      if (r.changed) hub.broadcast(r.changed);
      return r;
    });
    log.info({ type: cmd.data.type, commandId: cmd.data.commandId, ok: res.ack.ok, replayed: res.replayed }, 'command');
    ack(res.ack);
  } catch (err) {
    log.error({ err, commandId: cmd.data.commandId }, 'command failed');
    ack(internal);
  }
}

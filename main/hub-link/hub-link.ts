/**
 * The console's link to the hub: HTTP login, then one socket.io connection
 * (WebSocket only) that keeps the open cases in step and carries commands.
 * Every command answers within a few seconds or fails with 'hub-unreachable':
 * an operator is never left waiting on the network.
 *
 * The session's tokens live in memory only (session-tokens.ts), never the password:
 * the access token is renewed before it expires and whenever the hub refuses a
 * handshake; when the hub refuses the renewal or says `session.ended`, the session
 * is over and 'sessionEnded' tells why (the operator must log in again).
 */
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import { ulid } from 'ulid';
import { ApiError } from '@shared/contract/errors';
import type { HubStatus } from '@shared/contract/requests';
import { Case } from '@shared/domain/case';
import { CaseHistoryAck, CaseHistoryHubEvents, CaseHistoryPush, type CaseHistoryEntry } from '@shared/domain/case-history';
import type { Operator } from '@shared/domain/operator';
import { HUB_NAMESPACE, HubAck, HubEvents, SessionEnded, Snapshot, type HubCommand, type SessionEndReason } from '@shared/hub-protocol/console';
import { silentLogger, type Logger } from '../log/logger';
import { ackOrFail, apiErrorFromHub } from './ack';
import { CaseStore } from './case-store';
import { loginOverHttp, logoutOverHttp, SessionEndedError } from './login';
import { SESSION_END_TEXT, SessionTokens } from './session-tokens';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type HubCommandInput = DistributiveOmit<HubCommand, 'commandId'> & { commandId?: string };
export type HubAckOk = Extract<HubAck, { ok: true }>;

export type HubLinkEvents = {
  snapshot: [cases: Case[]];
  caseChanged: [c: Case];
  status: [status: HubStatus];
  /** The socket is (re)connected: a good moment to flush the outbox. */
  connected: [];
  /** New entries of a case whose history this link asked for (case history). */
  caseHistory: [push: CaseHistoryPush];
  /** The hub ended the session (revoked, password changed, account removed, expired); `operator` is null from now on. */
  sessionEnded: [ended: { operator: Operator; reason: SessionEndReason; message: string }];
  /** Any message the hub pushed on the socket, for features with events of their own (site directory). */
  hubPush: [event: string, payload: unknown];
};

export interface HubLinkOptions {
  hubUrl: string;
  demo?: boolean;
  logger?: Logger;
  loginTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** How long login waits for the first snapshot before returning anyway. */
  snapshotWaitMs?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** The journal's consoleId, sent at login: the session's refresh token works only with it. */
  consoleId?: string;
  /** Bound on the best-effort POST /api/logout. */
  logoutTimeoutMs?: number;
}

export class HubLink extends EventEmitter<HubLinkEvents> {
  private socket: Socket | null = null;
  private current: Operator | null = null;
  /** The session's tokens, in memory only; null when nobody is logged in. */
  private session: SessionTokens | null = null;
  /** The last logout's POST /api/logout, awaited by close() so a shutdown revokes too. */
  private revoking: Promise<unknown> = Promise.resolve();
  private lastError: string | null = null;
  /** The hub's own snapshot said it runs demo accounts or simulated beacons. */
  private hubSaysDemo = false;
  private loginInFlight = false;
  private renewTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private renewDelay = 0;
  private readonly store = new CaseStore();
  private readonly log: Logger;
  private readonly opts: Required<Omit<HubLinkOptions, 'logger' | 'consoleId'>> & Pick<HubLinkOptions, 'consoleId'>;

  constructor(options: HubLinkOptions) {
    super();
    this.log = (options.logger ?? silentLogger()).child({ component: 'hub-link' });
    this.opts = {
      demo: false,
      loginTimeoutMs: 5000,
      commandTimeoutMs: 5000,
      snapshotWaitMs: 3000,
      reconnectDelayMs: 250,
      reconnectDelayMaxMs: 5000,
      logoutTimeoutMs: 2000,
      ...options,
    };
  }

  get operator(): Operator | null {
    return this.current;
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  status(): HubStatus {
    return { url: this.opts.hubUrl, demo: this.opts.demo || this.hubSaysDemo, connected: this.isConnected(), lastError: this.lastError };
  }

  /** Open and claimed cases, as last heard from the hub. */
  cases(): Case[] {
    return this.store.list();
  }

  getCase(id: string): Case | undefined {
    return this.store.get(id);
  }

  wasClosed(id: string): boolean {
    return this.store.wasClosed(id);
  }

  /** The session's access token as held now (fresh right after login); null without a session. */
  accessToken(): string | null {
    return this.session?.accessToken ?? null;
  }

  /** The session's access token, renewed first when it is about to expire; null without a session. */
  async freshAccessToken(): Promise<string | null> {
    const session = this.session;
    if (!session) return null;
    try {
      return await session.fresh();
    } catch (err) {
      return err instanceof SessionEndedError ? null : session.accessToken;
    }
  }

  /**
   * Logs in over HTTP, then connects the socket and waits briefly for the first snapshot.
   * Refused while a session is open or another login is under way: an attempt must never
   * replace or drop the session of the operator at the console.
   */
  async login(username: string, password: string): Promise<Operator> {
    if (this.current) {
      throw new ApiError('forbidden', `Une session est déjà ouverte (${this.current.displayName}) : déconnectez-vous d’abord.`);
    }
    if (this.loginInFlight) throw new ApiError('forbidden', 'Une connexion est déjà en cours sur ce poste.');
    this.loginInFlight = true;
    let res: Awaited<ReturnType<typeof loginOverHttp>>;
    try {
      res = await loginOverHttp(this.opts.hubUrl, username, password, this.opts.loginTimeoutMs, this.opts.consoleId);
    } finally {
      this.loginInFlight = false;
    }
    this.disconnectSocket();
    this.current = res.operator;
    const session = new SessionTokens(res, {
      hubUrl: this.opts.hubUrl,
      consoleId: this.opts.consoleId,
      timeoutMs: this.opts.loginTimeoutMs,
      retryMinMs: this.opts.reconnectDelayMs,
      retryMaxMs: this.opts.reconnectDelayMaxMs,
      logger: this.log,
      onEnded: (reason) => this.endSession(session, reason),
    });
    this.session = session;
    this.setError(null);
    const firstSnapshot = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.opts.snapshotWaitMs);
      this.once('snapshot', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connect();
    await firstSnapshot;
    return res.operator;
  }

  /**
   * Ends the session here at once, then asks the hub to revoke it, best effort and bounded
   * (logoutTimeoutMs): the operator never waits on the network to be logged out.
   */
  async logout(): Promise<void> {
    const session = this.session;
    this.forgetSession();
    this.setError(null);
    this.emit('snapshot', []);
    if (session) {
      session.stop();
      const at = Date.now();
      this.revoking = logoutOverHttp(this.opts.hubUrl, session.accessToken, this.opts.logoutTimeoutMs).then((revoked) =>
        revoked
          ? this.log.info({ sessionId: session.sessionId }, 'session revoked at the hub')
          : this.log.warn({ sessionId: session.sessionId, afterMs: Date.now() - at }, 'the hub did not confirm the logout; the session ends at its expiry'),
      );
    }
  }

  /** Sends a command and waits for the hub's acknowledgement; refusals become ApiErrors. */
  async command(input: HubCommandInput): Promise<HubAckOk> {
    const socket = this.socket;
    if (!socket?.connected) {
      throw new ApiError('hub-unreachable', `Hub injoignable (${this.opts.hubUrl}) : action non transmise.`, {
        lastError: this.lastError,
      });
    }
    const cmd = { ...input, commandId: input.commandId ?? ulid() } as HubCommand;
    const raw = await ackOrFail(socket, this.opts.commandTimeoutMs, HubEvents.command, cmd);
    const ack = HubAck.safeParse(raw);
    if (!ack.success) {
      this.log.error({ raw, type: cmd.type }, 'unreadable ack from hub');
      throw new ApiError('internal', 'Réponse du hub illisible.');
    }
    if (!ack.data.ok) throw apiErrorFromHub(ack.data.error);
    if (ack.data.case) this.applyDelta(ack.data.case);
    return ack.data;
  }

  /**
   * The hub's history of one case (its own events and every console's journal events). From
   * then on the hub pushes that case's new entries ('caseHistory') until the socket reconnects.
   */
  async caseHistory(caseId: string): Promise<{ entries: CaseHistoryEntry[]; truncated: boolean }> {
    const socket = this.socket;
    if (!socket?.connected) throw new ApiError('hub-unreachable', `Hub injoignable (${this.opts.hubUrl}) : historique du dossier indisponible.`);
    const ack = CaseHistoryAck.safeParse(await ackOrFail(socket, this.opts.commandTimeoutMs, CaseHistoryHubEvents.request, { caseId }));
    if (!ack.success) {
      this.log.error({ issues: ack.error.issues.slice(0, 5), caseId }, 'unreadable case history from hub');
      throw new ApiError('internal', 'Historique du dossier illisible (réponse du hub).');
    }
    if (!ack.data.ok) throw new ApiError(ack.data.error.code === 'not-found' ? 'not-found' : 'internal', ack.data.error.message);
    return { entries: ack.data.entries, truncated: ack.data.truncated };
  }

  /** A request of a feature with hub events of its own (site directory): the raw ack, or 'hub-unreachable'. */
  async ask(event: string, payload: unknown): Promise<unknown> {
    const socket = this.socket;
    if (!socket?.connected) throw new ApiError('hub-unreachable', `Hub injoignable (${this.opts.hubUrl}).`, { lastError: this.lastError });
    return ackOrFail(socket, this.opts.commandTimeoutMs, event, payload);
  }

  /** Ends the link for good (process shutdown); the session is revoked at the hub if it answers in time. */
  async close(): Promise<void> {
    await this.logout();
    await this.revoking;
    this.removeAllListeners();
  }

  private connect(): void {
    const socket: Socket = io(`${this.opts.hubUrl}${HUB_NAMESPACE}`, {
      transports: ['websocket'],
      // Asked at every (re)connection: the current access token, renewed first when due.
      auth: (cb) => {
        const session = this.session;
        if (!session) return;
        session.fresh().then(
          (token) => cb({ token }),
          (err: unknown) => {
            // Session over: endSession has dropped this socket. Hub unreachable: try with what we
            // have; a refusal comes back as connect_error and is handled there.
            if (!(err instanceof SessionEndedError)) cb({ token: session.accessToken });
          },
        );
      },
      reconnection: true,
      reconnectionDelay: this.opts.reconnectDelayMs,
      reconnectionDelayMax: this.opts.reconnectDelayMaxMs,
      randomizationFactor: 0.3,
      timeout: this.opts.loginTimeoutMs,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.renewDelay = 0;
      this.log.info('connected to hub');
      this.setError(null);
      this.emit('connected');
    });
    socket.on('disconnect', (reason) => {
      this.log.warn({ reason }, 'disconnected from hub');
      this.setError(`Déconnecté du hub (${reason}).`);
      // socket.io does not retry after a server-side disconnect, which is also what a hub
      // restart or a failed snapshot looks like: an unattended console must come back by itself.
      if (reason === 'io server disconnect') this.scheduleReconnect(socket);
    });
    socket.on('connect_error', (err) => {
      this.setError(`Connexion au hub impossible : ${err.message}`);
      // active=false: the hub refused the handshake itself. Session over: say so. Otherwise
      // (token expired, or signed with a secret the hub no longer has): renew, then reconnect.
      if (socket.active) return;
      const data = (err as { data?: { code?: unknown; reason?: unknown } }).data;
      const ended = SessionEnded.safeParse({ reason: data?.reason });
      if (data?.code === 'session-ended' && ended.success && this.session) this.endSession(this.session, ended.data.reason);
      else this.scheduleRenewal(socket, err.message);
    });
    socket.on(HubEvents.sessionEnded, (payload: unknown) => {
      const ended = SessionEnded.safeParse(payload);
      if (!ended.success) this.log.error({ payload }, 'malformed session.ended from hub: taken as revoked');
      if (this.session) this.endSession(this.session, ended.success ? ended.data.reason : 'revoked');
    });
    socket.on(HubEvents.snapshot, (payload: unknown) => this.onSnapshot(payload));
    socket.onAny((event: string, payload: unknown) => this.emit('hubPush', event, payload));
    socket.on(HubEvents.caseChanged, (payload: unknown) => this.onDelta(payload));
    socket.on(CaseHistoryHubEvents.push, (payload: unknown) => {
      const push = CaseHistoryPush.safeParse(payload);
      if (push.success) this.emit('caseHistory', push.data);
      else this.log.error({ issues: push.error.issues.slice(0, 5) }, 'malformed case history push from hub dropped');
    });
  }

  private onSnapshot(payload: unknown): void {
    const snap = Snapshot.safeParse(payload);
    if (!snap.success) {
      this.log.error({ issues: snap.error.issues.slice(0, 5) }, 'malformed snapshot from hub dropped');
      return;
    }
    this.store.replace(snap.data.cases);
    if (snap.data.demo !== this.hubSaysDemo) {
      this.hubSaysDemo = snap.data.demo;
      this.log.info({ demo: this.hubSaysDemo }, this.hubSaysDemo ? 'the hub is a demo (simulated beacons or demo accounts)' : 'the hub is not a demo');
      this.setError(this.lastError);
    }
    this.emit('snapshot', this.store.list());
  }

  private onDelta(payload: unknown): void {
    const parsed = Case.safeParse(payload);
    if (!parsed.success) {
      this.log.error({ issues: parsed.error.issues.slice(0, 5) }, 'malformed case delta from hub dropped');
      return;
    }
    this.applyDelta(parsed.data);
  }

  private applyDelta(c: Case): void {
    const { applied, gap } = this.store.apply(c);
    if (applied) this.emit('caseChanged', applied);
    if (gap) void this.refetch(c.id);
  }

  /** A skipped version means a missed delta: ask the hub for the case as it is now. */
  private async refetch(caseId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    try {
      const res = (await ackOrFail(socket, this.opts.commandTimeoutMs, HubEvents.getCase, { caseId })) as { ok?: boolean; case?: unknown };
      const parsed = Case.safeParse(res?.case);
      if (res?.ok && parsed.success) {
        const { applied } = this.store.apply(parsed.data);
        if (applied) this.emit('caseChanged', applied);
      } else {
        this.log.warn({ caseId, res }, 'case refetch refused');
      }
    } catch (err) {
      this.log.warn({ caseId, err }, 'case refetch failed; the next snapshot will correct it');
    }
  }

  private scheduleReconnect(socket: Socket): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.socket === socket && !socket.connected && !socket.active) socket.connect();
    }, this.opts.reconnectDelayMs);
  }

  /** The hub refused the handshake but not the session: renew the access token, then reconnect (with backoff). */
  private scheduleRenewal(socket: Socket, reason: string): void {
    if (!this.session || this.renewTimer) return;
    this.renewDelay = Math.min(this.opts.reconnectDelayMaxMs, Math.max(this.opts.reconnectDelayMs, this.renewDelay * 2));
    this.log.warn({ reason, inMs: this.renewDelay }, 'hub refused the access token; renewing it');
    this.renewTimer = setTimeout(() => {
      this.renewTimer = undefined;
      const session = this.session;
      if (!session || this.socket !== socket) return;
      session.renew().then(
        () => this.socket === socket && !socket.connected && socket.connect(),
        (err: unknown) => {
          // Over: endSession already ran. Unreachable: the socket retries by itself once renewed or later.
          if (!(err instanceof SessionEndedError)) this.scheduleRenewal(socket, (err as Error).message);
        },
      );
    }, this.renewDelay);
  }

  /** The hub says the session is over: drop it and tell why (once). */
  private endSession(session: SessionTokens, reason: SessionEndReason): void {
    if (this.session !== session || !this.current) return;
    const operator = this.current;
    const message = SESSION_END_TEXT[reason];
    session.stop();
    this.forgetSession();
    this.log.warn({ operatorId: operator.id, sessionId: session.sessionId, reason }, 'session ended by the hub');
    this.setError(message);
    this.emit('snapshot', []);
    this.emit('sessionEnded', { operator, reason, message });
  }

  private forgetSession(): void {
    this.disconnectSocket();
    this.session?.stop();
    this.session = null;
    this.current = null;
    this.store.clear();
  }

  private disconnectSocket(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }

  private lastEmitted = '';
  /** Emits 'status' only when something the operator sees changed (retries repeat errors). */
  private setError(message: string | null): void {
    this.lastError = message;
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.emit('status', status);
  }
}

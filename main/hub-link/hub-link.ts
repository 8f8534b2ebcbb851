/**
 * The console's link to the hub: HTTP login, then one socket.io connection
 * (WebSocket only) that keeps the open cases in step and carries commands.
 * Every command answers within a few seconds or fails with 'hub-unreachable':
 * an operator is never left waiting on the network.
 */
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import { ulid } from 'ulid';
import { ApiError } from '@shared/contract/errors';
import type { HubStatus } from '@shared/contract/requests';
import { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { HUB_NAMESPACE, HubAck, HubEvents, Snapshot, type HubCommand } from '@shared/hub-protocol/console';
import { silentLogger, type Logger } from '../log/logger';
import { ackOrFail, apiErrorFromHub } from './ack';
import { CaseStore } from './case-store';
import { loginOverHttp } from './login';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type HubCommandInput = DistributiveOmit<HubCommand, 'commandId'> & { commandId?: string };
export type HubAckOk = Extract<HubAck, { ok: true }>;

export type HubLinkEvents = {
  snapshot: [cases: Case[]];
  caseChanged: [c: Case];
  status: [status: HubStatus];
  /** The socket is (re)connected: a good moment to flush the outbox. */
  connected: [];
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
}

export class HubLink extends EventEmitter<HubLinkEvents> {
  private socket: Socket | null = null;
  private current: Operator | null = null;
  // Kept in main-process memory only, to log in again by itself when the hub restarts and
  // refuses the old token: an unattended console must not silently stop receiving alarms.
  private credentials: { username: string; password: string } | null = null;
  private lastError: string | null = null;
  /** The hub's own snapshot said it runs demo accounts or simulated beacons. */
  private hubSaysDemo = false;
  private loginInFlight = false;
  private relogTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private relogDelay = 0;
  private readonly store = new CaseStore();
  private readonly log: Logger;
  private readonly opts: Required<Omit<HubLinkOptions, 'logger'>>;

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
      res = await loginOverHttp(this.opts.hubUrl, username, password, this.opts.loginTimeoutMs);
    } finally {
      this.loginInFlight = false;
    }
    this.disconnectSocket();
    this.current = res.operator;
    this.credentials = { username, password };
    this.setError(null);
    const firstSnapshot = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.opts.snapshotWaitMs);
      this.once('snapshot', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connect(res.token);
    await firstSnapshot;
    return res.operator;
  }

  async logout(): Promise<void> {
    this.disconnectSocket();
    this.current = null;
    this.credentials = null;
    this.store.clear();
    this.setError(null);
    this.emit('snapshot', []);
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

  /** Ends the link for good (process shutdown). */
  async close(): Promise<void> {
    await this.logout();
    this.removeAllListeners();
  }

  private connect(token: string): void {
    const socket = io(`${this.opts.hubUrl}${HUB_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { token },
      reconnection: true,
      reconnectionDelay: this.opts.reconnectDelayMs,
      reconnectionDelayMax: this.opts.reconnectDelayMaxMs,
      randomizationFactor: 0.3,
      timeout: this.opts.loginTimeoutMs,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.relogDelay = 0;
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
      // active=false: the hub refused the handshake itself (expired or unknown token).
      if (!socket.active) this.scheduleRelogin(err.message);
    });
    socket.on(HubEvents.snapshot, (payload: unknown) => this.onSnapshot(payload));
    socket.on(HubEvents.caseChanged, (payload: unknown) => this.onDelta(payload));
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

  private scheduleRelogin(reason: string): void {
    if (!this.credentials || this.relogTimer) return;
    this.relogDelay = Math.min(this.opts.reconnectDelayMaxMs, Math.max(this.opts.reconnectDelayMs, this.relogDelay * 2));
    this.log.warn({ reason, inMs: this.relogDelay }, 'hub refused the session; logging in again');
    this.relogTimer = setTimeout(() => {
      this.relogTimer = undefined;
      void this.relogin();
    }, this.relogDelay);
  }

  private async relogin(): Promise<void> {
    const creds = this.credentials;
    const socket = this.socket;
    if (!creds || !socket) return;
    try {
      const res = await loginOverHttp(this.opts.hubUrl, creds.username, creds.password, this.opts.loginTimeoutMs);
      if (this.socket !== socket) return; // logged out meanwhile
      socket.auth = { token: res.token };
      socket.connect();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'bad-credentials') {
        this.setError('Session refusée par le hub : reconnectez-vous.');
        this.credentials = null;
        return;
      }
      this.scheduleRelogin((err as Error).message);
    }
  }

  private disconnectSocket(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.relogTimer);
    this.relogTimer = undefined;
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

/**
 * The console's SIP presence, one per operator session: when an operator is logged in
 * and the hub link is up, ask the hub for this session's SIP credentials (ephemeral,
 * shared/hub-protocol/voice.ts), start the user agent on the configured address and
 * REGISTER with them, so a beacon's call for this operator's case reaches this console.
 * At logout or when the session ends the agent is closed (the calls are cleared down
 * first, by the call manager). A hub without voice still gives a UA without registrar:
 * call-outs through the trunk keep working.
 */
import type { Logger } from 'pino';
import { VoiceCredentialsAck, VoiceHubEvents, type VoiceCredentials } from '@shared/hub-protocol/voice';
import type { HubLink } from '../../hub-link/hub-link';
import { startSipUa } from '../sip';
import type { RegistrationState, SipUa } from '../sip';

export interface SipSessionOptions {
  host: string;
  port: number;
  link: HubLink;
  logger: Logger;
  /** No call under way: the UA may be replaced (new credentials after a hub restart). */
  idle: () => boolean;
}

export interface SessionUa {
  ua: SipUa;
  operatorId: string;
  credentials: VoiceCredentials | null;
  /** Why the hub gave no credentials (then no beacon call can come in). */
  unavailable: string | null;
}

/**
 * The `sip` package takes a target on its own address for one of its flow tokens and sends
 * nothing (PROTOCOLS.md §3.3). With the hub's SIP on the console's address (a hub on the same
 * machine, both on 127.0.0.1: the demo) the console's SIP moves to 127.0.0.3 on Linux (the
 * simulated beacons use .2, the simulated lines .4); where only 127.0.0.1 exists (macOS) it
 * stays there and names itself `localhost` in its messages instead.
 */
export function hostBeside(configured: string, hubHost: string, platform: string = process.platform): { host: string; publicAddress?: string } {
  if (configured !== hubHost) return { host: configured };
  if (platform === 'darwin') return { host: configured, publicAddress: 'localhost' };
  const m = /^127\.(\d+)\.(\d+)\.(\d+)$/.exec(configured);
  if (!m) return { host: configured };
  const n = Number(m[3]);
  return { host: `127.${m[1]}.${m[2]}.${n >= 252 ? 3 : n + 2}` };
}

export class SipSession {
  private current: SessionUa | null = null;
  private starting: Promise<void> | null = null;
  private readonly log: Logger;

  constructor(
    private readonly o: SipSessionOptions,
    /** Called with the new UA (calls may come in) or null (closing: clear the calls down first). */
    private readonly onChange: (s: SessionUa | null, previous: SessionUa | null) => Promise<void> | void,
  ) {
    this.log = o.logger.child({ component: 'voice-sip' });
  }

  get session(): SessionUa | null {
    return this.current;
  }

  /** Brings the UA in line with the link: call on every link event. */
  sync(): void {
    const op = this.o.link.operator;
    if (this.current && (!op || op.id !== this.current.operatorId)) {
      void this.close();
      return;
    }
    if (op && !this.current && !this.starting && this.o.link.isConnected()) {
      this.starting = this.open(op.id).finally(() => {
        this.starting = null;
        // The operator may have left (or another come) while we were starting.
        if (this.current && this.o.link.operator?.id !== this.current.operatorId) void this.close();
      });
    }
  }

  /**
   * The link came back: ask the credentials again (a restarted hub has a new secret and refuses
   * the old ones, so beacon calls would stop reaching us). New ones replace the UA when no call
   * is under way; with a call, at the next reconnect (media flows directly: the call goes on).
   */
  async reconnected(): Promise<void> {
    const s = this.current;
    if (!s || this.starting || !this.o.link.isConnected()) return;
    const { credentials } = await this.credentials();
    if (!credentials || this.current !== s) return;
    if (credentials.user === s.credentials?.user && credentials.password === s.credentials.password) return;
    if (!this.o.idle()) {
      this.log.warn('voice: the hub gave new SIP credentials during a call: the console registers again at the next reconnect');
      return;
    }
    this.log.info('voice: new SIP credentials from the hub: registering again');
    this.current = null;
    await s.ua.close().catch((err: unknown) => this.log.error({ err }, 'voice: SIP UA close failed'));
    this.starting = this.open(s.operatorId, { credentials, unavailable: null }).finally(() => (this.starting = null));
    await this.starting;
  }

  /** Waits for a start under way (tests, and a call asked right after login). */
  async ready(): Promise<SessionUa | null> {
    await this.starting;
    return this.current;
  }

  private async credentials(): Promise<{ credentials: VoiceCredentials | null; unavailable: string | null }> {
    try {
      const ack = VoiceCredentialsAck.safeParse(await this.o.link.ask(VoiceHubEvents.credentials, {}));
      if (!ack.success) return { credentials: null, unavailable: 'réponse du hub illisible' };
      if (!ack.data.ok) return { credentials: null, unavailable: ack.data.error.message };
      return { credentials: ack.data.credentials, unavailable: null };
    } catch (err) {
      return { credentials: null, unavailable: (err as Error).message };
    }
  }

  private async open(operatorId: string, given?: { credentials: VoiceCredentials | null; unavailable: string | null }): Promise<void> {
    const { credentials, unavailable } = given ?? (await this.credentials());
    if (unavailable) this.log.warn({ reason: unavailable }, 'voice: no SIP credentials from the hub: beacon calls cannot reach this console');
    const { host, publicAddress } = credentials ? hostBeside(this.o.host, credentials.registrar.host) : { host: this.o.host, publicAddress: undefined };
    const loopback = (a: string) => /^127\./.test(a) || a === '::1' || a === 'localhost';
    if (credentials && loopback(host) && !loopback(credentials.registrar.host)) {
      this.log.warn({ sipHost: host, hub: credentials.registrar.host }, 'voice: the console’s SIP is on a loopback address but the hub is not: give --sip-host the address the hub reaches this machine at');
    }
    if (host !== this.o.host || publicAddress) {
      this.log.info({ configured: this.o.host, used: host, publicAddress }, 'voice: the hub’s SIP is on our address: SIP moved beside it');
    }
    let ua: SipUa;
    try {
      ua = await startSipUa({
        host,
        ...(publicAddress ? { publicAddress } : {}),
        port: this.o.port,
        user: credentials?.user ?? 'veille-console',
        displayName: 'Veille',
        logger: this.log,
        ...(credentials
          ? {
              registrar: {
                uri: `sip:${credentials.registrar.host}:${credentials.registrar.port}`,
                user: credentials.user,
                password: credentials.password,
                expiresS: Math.min(300, credentials.maxRegisterExpiresS),
              },
            }
          : {}),
      });
    } catch (err) {
      this.log.error({ err, host: this.o.host, port: this.o.port }, 'voice: the SIP port cannot be opened: no calls on this console');
      return;
    }
    this.current = { ua, operatorId, credentials, unavailable };
    await this.onChange(this.current, null);
    if (credentials) {
      const state: RegistrationState = await ua.register();
      if (state.state === 'registered') this.log.info({ aor: credentials.aor, expiresS: state.expiresS }, 'voice: registered at the hub');
      else this.log.warn({ state }, 'voice: REGISTER at the hub failed');
    }
  }

  /** Clears the calls down (the manager's onChange), then closes the UA. */
  async close(): Promise<void> {
    await this.starting;
    const previous = this.current;
    if (!previous) return;
    this.current = null;
    await this.onChange(null, previous);
    await previous.ua.close().catch((err: unknown) => this.log.error({ err }, 'voice: SIP UA close failed'));
  }
}

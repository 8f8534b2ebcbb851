/**
 * Console configuration from command-line flags and environment variables.
 * Flags win over the environment; a bad value is a ConfigError (the entries exit with code 2).
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** What a browser-mode token may look like (flag or file). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

const Port = z.coerce.number().int().min(0).max(65535);

const ConfigSchema = z.object({
  port: Port,
  host: z.string().min(1).max(253),
  dataDir: z.string().min(1),
  /** null: no hub given, so the console runs an embedded demo hub and simulator. */
  hubUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .nullable(),
  simRate: z.coerce.number().positive().max(600),
  sim: z.boolean(),
  /** --token: this launch only, never written to disk; null: the token kept in <dataDir>/browser-token. */
  token: z.string().regex(TOKEN_PATTERN, 'must be 16 to 256 characters of A-Z a-z 0-9 _ -').nullable(),
  /** --new-token: replace the kept token (every open tab is then refused). */
  newToken: z.boolean(),
  /** Journal payloads (personal data) older than this are removed, hashes kept (GDPR). */
  retentionDays: z.coerce.number().int().min(1).max(36_500),
  /** Voice: the console's SIP/RTP bind address (explicit, loopback unless told), and its SIP port (0: a free one). */
  sipHost: z.string().min(1).max(253),
  sipPort: Port,
  /** Voice: the SIP trunk outside calls go through (`sip:host:port`); null: call-outs refused with a clear message. */
  trunk: z
    .string()
    .regex(/^sips?:([^@\s]+@)?[A-Za-z0-9.\-[\]:]+(:\d{1,5})?(;[^\s]*)?$/, 'must be a SIP URI such as sip:192.0.2.10:5060')
    .nullable(),
});
export type Config = z.infer<typeof ConfigSchema>;

const FLAG_FOR: Record<string, string> = {
  port: '--port / VEILLE_PORT',
  host: '--host',
  dataDir: '--data-dir / VEILLE_DATA',
  hubUrl: '--hub-url / VEILLE_HUB_URL',
  simRate: '--sim-rate / VEILLE_SIM_RATE',
  token: '--token',
  retentionDays: '--retention-days / VEILLE_RETENTION_DAYS',
  sipHost: '--sip-host',
  sipPort: '--sip-port',
  trunk: '--trunk',
};

export interface ParseOptions {
  /** Electron passes Chromium switches and the app path: the Electron entry is lenient. */
  strict?: boolean;
  cwd?: string;
  /** Data folder when neither --data-dir nor VEILLE_DATA is given (Electron: the user-data folder). */
  defaultDataDir?: string;
}

/** Parses argv (without the node binary and script) and env into a validated Config. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv, opts: ParseOptions = {}): Config {
  const strict = opts.strict ?? true;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict,
      allowPositionals: !strict,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'hub-url': { type: 'string' },
        'sim-rate': { type: 'string' },
        'no-sim': { type: 'boolean' },
        token: { type: 'string' },
        'new-token': { type: 'boolean' },
        'retention-days': { type: 'string' },
        'sip-host': { type: 'string' },
        'sip-port': { type: 'string' },
        trunk: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

  const raw = {
    port: str('port') ?? nonEmpty(env.VEILLE_PORT) ?? '4800',
    host: str('host') ?? '127.0.0.1',
    dataDir: str('data-dir') ?? nonEmpty(env.VEILLE_DATA) ?? opts.defaultDataDir ?? '.data/console',
    hubUrl: str('hub-url') ?? nonEmpty(env.VEILLE_HUB_URL) ?? null,
    simRate: str('sim-rate') ?? nonEmpty(env.VEILLE_SIM_RATE) ?? '4',
    sim: values['no-sim'] !== true,
    token: str('token') ?? null,
    newToken: values['new-token'] === true,
    retentionDays: str('retention-days') ?? nonEmpty(env.VEILLE_RETENTION_DAYS) ?? '365',
    sipHost: str('sip-host') ?? '127.0.0.1',
    sipPort: str('sip-port') ?? '0',
    trunk: nonEmpty(str('trunk')) ?? null,
  };
  if (raw.token !== null && raw.newToken) {
    throw new ConfigError('Invalid configuration:\n  --token and --new-token: choose one (--token is used for this launch only, --new-token replaces the kept token)');
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      return `  ${FLAG_FOR[key] ?? key}: ${i.message} (got ${JSON.stringify(raw[key as keyof typeof raw])})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  const cwd = opts.cwd ?? process.cwd();
  return { ...cfg, dataDir: isAbsolute(cfg.dataDir) ? cfg.dataDir : resolve(cwd, cfg.dataDir) };
}

/** --help or -h anywhere: the entries print the usage and exit 0, whatever else is on the line. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

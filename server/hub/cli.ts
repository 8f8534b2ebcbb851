/**
 * `npm run hub` (bundled as out/main/hub.js): the hub alone, optionally with
 * demo accounts and the simulator feeding it over real HTTP; or, with a
 * `user …` / `gateway …` subcommand first, one administration command.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Directory } from '@shared/domain/site';
import { directoryFor, floodSummary, simulationPlan, SIMULATE_OPTIONS, SIMULATE_USAGE, startSimulation, type RunningSimulation, type SimulationPlan } from '../simulator/run';
import { ADMIN_USAGE, isAdminCommand } from './admin/args';
import { runAdmin } from './admin/run';
import { SipBindError } from '../sip/stack';
import { HubConfigError } from './auth/users';
import { startHub } from './index';
import { createHubLogger } from './logger';
import { loadDemoDirectory, loadDirectoryFile } from './paths';
import type { GroupingOptions } from './ingest/options';

const USAGE = `Usage: npm run hub -- [options]
  --host <addr>        listen address (env VEILLE_HUB_HOST, default 127.0.0.1)
  --port <n>           port, 0 = random (env VEILLE_HUB_PORT, default 4700)
  --data-dir <dir>     SQLite, secret and log folder (env VEILLE_HUB_DATA, default .data/hub)
  --directory <file>   sites and beacons JSON (default: the demo directory with --demo)
  --demo               demo accounts (password "veille-demo") and the Saint-Nazaire directory
  --sip-host <addr>    SCAIP (SIP MESSAGE) listen address (env VEILLE_HUB_SIP_HOST, default 127.0.0.1)
  --sip-port <n>       SCAIP port, UDP (env VEILLE_HUB_SIP_PORT, default 5060; 0 = random)
  --sip-tcp            also listen on TCP (large bodies)
  --no-sip             no SCAIP receiver (HTTP gateways only)
  --no-voice           SIP port for SCAIP messages only: no console registrar, no call routing
  --sip-beacon-proxy <ip:port>  callbacks to beacons go through the centre's SIP proxy
                       (Kamailio, an SBC) instead of straight to the beacon (docs/VOICE.md)
  --simulate           also run simulated beacons against this hub
  --rate <n>           simulated alarms per minute (default 6)
${SIMULATE_USAGE}
  --retention-days <n> personal data kept this many days, then removed daily, hashes kept
                       (env VEILLE_HUB_RETENTION_DAYS, default 365)
  --group-window-s <n> alarms of one beacon or site this close to a live case's latest alarm
                       join it; 0 = one case per alarm (default 600)
  --restore-window-s <n> a restore (charger, mains, cancel) this soon after its fault closes
                       the technical case by itself (default 900)
  -h, --help           this help
First admin outside demo: set VEILLE_ADMIN_PASSWORD (at least 10 characters) on first start, or use "user add" below.

${ADMIN_USAGE}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

/** --group-window-s / --restore-window-s: whole seconds, 0 to 1 day; absent = the hub's defaults. */
function groupingFrom(group: string | undefined, restore: string | undefined): Partial<GroupingOptions> {
  const out: Partial<GroupingOptions> = {};
  for (const [flag, raw, key] of [['--group-window-s', group, 'groupWindowMs'], ['--restore-window-s', restore, 'restoreWindowMs']] as const) {
    if (raw === undefined) continue;
    const s = Number(raw);
    if (!Number.isInteger(s) || s < 0 || s > 86_400) fail(`Invalid ${flag} (whole seconds, 0 to 86400): ${raw}`);
    out[key] = s * 1000;
  }
  return out;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        directory: { type: 'string' },
        demo: { type: 'boolean', default: false },
        simulate: { type: 'boolean', default: false },
        'sip-host': { type: 'string' },
        'sip-port': { type: 'string' },
        'sip-tcp': { type: 'boolean', default: false },
        'no-sip': { type: 'boolean', default: false },
        'no-voice': { type: 'boolean', default: false },
        'sip-beacon-proxy': { type: 'string' },
        rate: { type: 'string' },
        ...SIMULATE_OPTIONS,
        'retention-days': { type: 'string' },
        'group-window-s': { type: 'string' },
        'restore-window-s': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.help) return void process.stdout.write(USAGE + '\n');

  const host = args.host ?? process.env.VEILLE_HUB_HOST ?? '127.0.0.1';
  const port = Number(args.port ?? process.env.VEILLE_HUB_PORT ?? 4700);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid port: ${args.port ?? process.env.VEILLE_HUB_PORT}`);
  const sipHost = args['sip-host'] ?? process.env.VEILLE_HUB_SIP_HOST ?? '127.0.0.1';
  const sipPortRaw = args['sip-port'] ?? process.env.VEILLE_HUB_SIP_PORT ?? '5060';
  const sipPort = Number(sipPortRaw);
  if (!/^\d+$/.test(sipPortRaw) || sipPort > 65535) fail(`Invalid SIP port: ${sipPortRaw}`);
  const sip = args['no-sip'] ? undefined : { host: sipHost, port: sipPort, tcp: args['sip-tcp'] };
  const proxyRaw = args['sip-beacon-proxy'];
  const proxyAt = proxyRaw === undefined ? null : /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(proxyRaw);
  if (proxyRaw !== undefined && (!proxyAt || Number(proxyAt[2]) > 65535)) fail(`Invalid --sip-beacon-proxy (an IPv4 address and a port, e.g. 10.0.0.2:5060): ${proxyRaw}`);
  const voice = args['no-voice'] ? (false as const) : proxyAt ? { beaconProxy: { host: proxyAt[1]!, port: Number(proxyAt[2]) } } : undefined;
  const rate = Number(args.rate ?? 6);
  if (!Number.isFinite(rate) || rate < 0) fail(`Invalid rate: ${args.rate}`);
  const retentionRaw = args['retention-days'] ?? process.env.VEILLE_HUB_RETENTION_DAYS ?? '365';
  const retentionDays = Number(retentionRaw);
  if (!Number.isInteger(retentionDays) || retentionDays < 1) fail(`Invalid retention (whole days, at least 1): ${retentionRaw}`);
  const grouping = groupingFrom(args['group-window-s'], args['restore-window-s']);
  const dataDir = resolve(args['data-dir'] ?? process.env.VEILLE_HUB_DATA ?? '.data/hub');
  const logger = createHubLogger(dataDir, true);

  let directory: Directory | undefined;
  if (args.directory) directory = loadDirectoryFile(resolve(args.directory));
  else if (args.demo || args.simulate) directory = loadDemoDirectory();
  let plan: SimulationPlan = { ratePerMinute: rate };
  try {
    plan = simulationPlan(args);
    if (plan.flood) directory = directoryFor(plan, directory ?? loadDemoDirectory());
  } catch (err) {
    fail((err as Error).message);
  }

  const hub = await startHub({ dataDir, host, port, demo: args.demo, simulated: args.simulate, directory, logger, retentionDays, grouping, sip, voice });
  if (hub.userCount === 0) {
    process.stderr.write(
      `Warning: this hub has no user account, so no console can log in. Create one (the hub may keep running):
` +
        `  npm run hub -- user add <username> --name "<display name>" --role admin --data-dir ${dataDir}
` +
        `or start once with VEILLE_ADMIN_PASSWORD set (at least 10 characters) to create "admin".
`,
    );
  }
  let sim: RunningSimulation | null = null;
  if ((args.simulate || plan.flood) && directory) {
    // Simulated SCAIP beacons need the demo's beacon credentials; otherwise they post like a gateway.
    sim = await startSimulation(plan, { ...hub, dataDir, demo: args.demo }, directory, logger);
    const site = plan.flood?.siteId;
    void sim.flood.then((r) => r && site && process.stdout.write(`${floodSummary(site, r)}\n`));
  }
  // The URL stands alone before a space: scripts and e2e tests parse it from this line.
  const extras = [
    hub.sip ? `SCAIP on sip:${hub.sip.host}:${hub.sip.port} UDP${args['sip-tcp'] ? '+TCP' : ''}` : '',
    args.demo ? 'demo accounts, password veille-demo' : '',
    sim ? `simulated beacons over ${sim.protocol === 'scaip' ? `SCAIP from ${sim.beaconsAt!.address}:${sim.beaconsAt!.port}` : 'HTTP'}${rate > 0 ? `, ${rate} alarms/min` : ''}` : '',
    sim?.voice ? `beacons call and answer through the hub; outside lines 17, 18, 15 and the city on trunk ${sim.voice.trunk}` : '',
    plan.flood ? `flood at ${plan.flood.siteId}: ${plan.flood.alarms} alarms from ${plan.flood.beacons} classroom beacons` : '',
  ].filter(Boolean);
  process.stdout.write(`Veille hub listening on ${hub.url}${extras.length ? ` (${extras.join('; ')})` : ''}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void (async () => {
      await sim?.stop();
      await hub.close();
      logger.flush();
      process.exit(0);
    })().catch((err: unknown) => {
      process.stderr.write(`Hub did not stop cleanly: ${String(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Exit once stdout has taken the last line (a piped stdout may still hold the gateway key). */
function exitWith(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

const argv = process.argv.slice(2);
if (isAdminCommand(argv)) {
  runAdmin(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(exitWith, (err: unknown) => {
    process.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}\n`);
    exitWith(1);
  });
} else {
  main().catch((err: unknown) => {
    const hint = err instanceof SipBindError ? ' (choose another with --sip-host / --sip-port, or --no-sip)' : '';
    process.stderr.write(`Veille hub failed to start: ${err instanceof Error ? err.message : String(err)}${hint}\n`);
    // A refused configuration or a SIP port that cannot be opened is a usage error (2), like a bad flag; anything else is a failure (1).
    process.exit(err instanceof HubConfigError || err instanceof SipBindError ? 2 : 1);
  });
}

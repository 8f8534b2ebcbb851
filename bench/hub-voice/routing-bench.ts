/**
 * What the hub's voice routing adds to a call's set-up: a beacon's INVITE (digest) → the hub
 * (case lookup, registrar, proxy) → the registered console, which answers at once → 200 back
 * at the beacon; then BYE through the hub. The floor is the same two user agents calling
 * each other directly. Both UAs are the console's own (main/voice/sip), on loopback.
 *
 * Alone: npx tsx --tsconfig tsconfig.node.json bench/hub-voice/routing-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io as ioClient } from 'socket.io-client';
import { ulid } from 'ulid';
import type { Case } from '@shared/domain/case';
import { HUB_NAMESPACE, type LoginResponse } from '@shared/hub-protocol/console';
import { VoiceCredentialsAck, VoiceHubEvents } from '@shared/hub-protocol/voice';
import { buildOffer } from '../../main/voice/media/sdp';
import { startSipUa } from '../../main/voice/sip/index';
import type { SipUa } from '../../main/voice/sip/types';
import { startHub } from '../../server/hub/index';
import { DEMO_BEACON_PASSWORD } from '../../server/hub/scaip/credentials';
import { fmt, summarize, type Summary } from '../stats';

const CALLS = 40;
const silent = pino({ level: 'silent' });
const SDP = buildOffer({ address: '127.0.0.2', port: 40000 });

export interface RoutingBench {
  calls: number;
  throughHubMs: Summary;
  directMs: Summary;
  byeThroughHubMs: Summary;
}

async function setUpMs(caller: SipUa, target: string, auth?: { user: string; password: string }): Promise<{ setup: number; bye: number }> {
  const t0 = performance.now();
  const r = await caller.dial({ target, sdp: SDP, auth, ringTimeoutMs: 5000 }).result;
  const setup = performance.now() - t0;
  if (r.outcome !== 'answered') throw new Error(`call not answered: ${r.outcome} ${r.status} ${r.reason}`);
  const t1 = performance.now();
  await r.dialog.hangup();
  return { setup, bye: performance.now() - t1 };
}

export async function benchHubVoiceRouting(dir = mkdtempSync(join(tmpdir(), 'veille-voice-bench-'))): Promise<RoutingBench> {
  const hub = await startHub({ dataDir: dir, port: 0, demo: true, logger: silent, sip: { host: '127.0.0.1', port: 0 }, directory: { sites: [], beacons: [] } });
  const uas: SipUa[] = [];
  const sockets: ReturnType<typeof ioClient>[] = [];
  try {
    const beaconId = 'BENCH-1';
    const { setBeaconCredentials } = await import('../../server/hub/scaip/credentials');
    const { openDatabase } = await import('../../server/hub/db/database');
    const db = await openDatabase(join(dir, 'hub.sqlite'), silent);
    await setBeaconCredentials(db, { beaconId, siteId: 'bench', password: DEMO_BEACON_PASSWORD });
    await db.destroy();

    const login = (await (await fetch(`${hub.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operateur1', password: 'veille-demo' }) })).json()) as LoginResponse;
    const socket = ioClient(hub.url + HUB_NAMESPACE, { transports: ['websocket'], auth: { token: login.token }, forceNew: true, reconnection: false });
    sockets.push(socket);
    const opened = new Promise<Case>((resolve) => socket.on('case', (c: Case) => c.beaconId === beaconId && c.status === 'open' && resolve(c)));
    await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
    const ack = VoiceCredentialsAck.parse(await socket.timeout(5000).emitWithAck(VoiceHubEvents.credentials, {}));
    if (!ack.ok) throw new Error(ack.error.message);
    const creds = ack.credentials;

    const { key } = await hub.createGateway('bench');
    await fetch(`${hub.url}/api/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ beaconId, reference: ulid(), kind: 'ppms.intrusion', occurredAt: new Date().toISOString() }),
    });
    const kase = await opened;
    await socket.timeout(5000).emitWithAck('command', { commandId: ulid(), type: 'claim', caseId: kase.id });

    const consoleUa = await startSipUa({ host: '127.0.0.3', port: 0, user: creds.user, logger: silent, registrar: { uri: `sip:${creds.registrar.host}:${creds.registrar.port}`, user: creds.user, password: creds.password } });
    uas.push(consoleUa);
    consoleUa.onInvite((inv) => void inv.accept(buildOffer({ address: '127.0.0.3', port: 40002 })));
    const reg = await consoleUa.register();
    if (reg.state !== 'registered') throw new Error(`console not registered: ${JSON.stringify(reg)}`);
    const beacon = await startSipUa({ host: '127.0.0.2', port: 0, user: 'beacon', logger: silent });
    uas.push(beacon);

    const viaHub: number[] = [];
    const byes: number[] = [];
    const direct: number[] = [];
    const hubTarget = `sip:veille@${hub.sip!.host}:${hub.sip!.port}`;
    const auth = { user: beaconId, password: DEMO_BEACON_PASSWORD };
    await setUpMs(beacon, hubTarget, auth); // warm-up: the first digest round, JIT
    await setUpMs(beacon, `sip:x@127.0.0.3:${consoleUa.local.port}`);
    for (let i = 0; i < CALLS; i++) {
      const h = await setUpMs(beacon, hubTarget, auth);
      viaHub.push(h.setup);
      byes.push(h.bye);
      direct.push((await setUpMs(beacon, `sip:x@127.0.0.3:${consoleUa.local.port}`)).setup);
    }
    return { calls: CALLS, throughHubMs: summarize(viaHub), directMs: summarize(direct), byeThroughHubMs: summarize(byes) };
  } finally {
    for (const s of sockets) s.disconnect();
    for (const ua of uas) await ua.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatHubVoiceRouting(r: RoutingBench): string {
  return [
    `hub voice: beacon INVITE → hub → console → 200 at the beacon ${fmt(r.throughHubMs)}`,
    `           the same two UAs directly                       ${fmt(r.directMs)}`,
    `           BYE through the hub → 200                        ${fmt(r.byeThroughHubMs)}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatHubVoiceRouting(await benchHubVoiceRouting()));
}

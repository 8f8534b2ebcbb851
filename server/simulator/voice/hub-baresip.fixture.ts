/**
 * Test body run inside a private network namespace (hub-baresip.test.ts starts it through
 * runInNetns): a real hub, an operator who took beacon B-1's case, the console's own UA
 * registered at the hub with its ephemeral credentials, and baresip as the beacon: it calls
 * the hub with digest, the hub routes the call to the console (X-Veille-Case), ACK and BYE
 * follow the hub's Record-Route. baresip plays 700 Hz, the console sends 440 Hz; each side's
 * audio is told by its frequency.
 * Usage: node --import tsx hub-baresip.fixture.ts <workDir>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { VoiceCredentialsAck, VoiceHubEvents } from '@shared/hub-protocol/voice';
import { concatFrames, dominantFrequency, toneLevel } from '../../../main/voice/media/tone';
import { startBaresipPeer } from '../../../main/voice/testing/baresip';
import { printNetnsResult } from '../../../main/voice/testing/netns';
import { writeWavTone } from '../../../main/voice/testing/tone-files';
import { DEMO_BEACON_PASSWORD } from '../../hub/scaip/credentials';
import { alarmBody, connectConsole, login, postAlarm, startFixture } from '../../hub/test-helpers';
import { startTestPeer } from './test-peer';

const [work] = process.argv.slice(2);
if (!work) throw new Error('usage: hub-baresip.fixture.ts <workDir>');

function heard(samples: Int16Array): { hz: number; level: number } {
  let best = { hz: 0, level: 0 };
  for (let start = 0; start + 8000 <= samples.length; start += 4000) {
    const slice = samples.subarray(start, start + 8000);
    const hz = dominantFrequency(slice);
    const level = toneLevel(slice, hz);
    if (level > best.level) best = { hz, level };
  }
  return best;
}

const f = await startFixture(join(work, 'hub'), { sip: { host: '127.0.0.1', port: 0 } });
let output = '';
try {
  const session = await login(f.hub.url, 'operateur1');
  const op = await connectConsole(f, session.token);
  await op.snapshot;
  const ack = VoiceCredentialsAck.parse(await op.socket.timeout(5000).emitWithAck(VoiceHubEvents.credentials, {}));
  if (!ack.ok) throw new Error(ack.error.message);
  const creds = ack.credentials;
  const consoleUa = await startTestPeer('127.0.0.2', { uri: `sip:${creds.registrar.host}:${creds.registrar.port}`, user: creds.user, password: creds.password });
  const registered = await consoleUa.ua.register();

  await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: 'B-1' }));
  const kase = await op.waitFor((c) => c.beaconId === 'B-1' && c.status === 'open');
  await op.command({ type: 'claim', caseId: kase.id });

  const incoming = consoleUa.nextCall();
  const beacon = await startBaresipPeer({
    sourceWav: writeWavTone(join(work, 'beacon-700.wav'), 700, 8000),
    recordDir: join(work, 'baresip'),
    host: '127.0.0.3',
    user: 'B-1',
    accountParams: `;auth_user=B-1;auth_pass=${DEMO_BEACON_PASSWORD}`,
    commands: [`/dial sip:veille@${f.hub.sip!.host}:${f.hub.sip!.port}`],
  });
  const { invite, call } = await incoming;
  call.sendTone(440);
  await new Promise<void>((resolve) => {
    const t = setInterval(() => call.received.length >= 150 && (clearInterval(t), resolve()), 50);
  });
  await call.dialog.hangup();
  await beacon.waitFor(/terminated|closed|BYE/i, 5000).catch(() => undefined);
  output = beacon.output();
  await beacon.stop();
  const dec = beacon.recordings().heard;
  const decSamples = dec ? Int16Array.from(new wavefile.WaveFile(readFileSync(dec)).getSamples(false, Int16Array) as unknown as ArrayLike<number>) : new Int16Array();
  await consoleUa.close();
  printNetnsResult({
    registered: registered.state,
    caseId: kase.id,
    caseHeader: invite.caseId,
    beaconHeader: invite.headers['x-veille-beacon'] ?? null,
    consoleHeard: heard(concatFrames(call.received)),
    beaconHeard: heard(decSamples),
    baresip: output.slice(-3000),
  });
} catch (err) {
  printNetnsResult({ error: err instanceof Error ? err.stack : String(err), baresip: output.slice(-3000) });
} finally {
  await f.cleanup();
}

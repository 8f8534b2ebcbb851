/**
 * Test body run inside a private network namespace (ua-baresip.test.ts starts it through
 * runInNetns). baresip plays a 700 Hz WAV and records what it hears; the console's UA
 * either dials it (it auto-answers) or takes its call, then the RTP session sends a 1 kHz
 * tone on its 20 ms clock and records the call (peer and operator channels), and the
 * console hangs up. Prints what each side heard, by frequency.
 * Usage: node --import tsx ua-baresip.fixture.ts <workDir> outbound|inbound
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { silentLogger } from '../../log/logger';
import { startPacedClock } from '../media/paced-clock';
import { startCallRecorder, type CallRecorder } from '../media/recorder';
import { openRtpSession, type RtpSession } from '../media/rtp-session';
import { answerOffer, buildOffer, negotiate, type NegotiatedMedia } from '../media/sdp';
import { dominantFrequency, sineFrames, toneLevel } from '../media/tone';
import { startBaresipPeer, type BaresipPeer } from '../testing/baresip';
import { printNetnsResult } from '../testing/netns';
import { writeWavTone } from '../testing/tone-files';
import { startSipUa } from './ua';
import type { Dialog, SipUa } from './types';

const SEND_HZ = 1000;
const PEER_HZ = 700;
const TALK_FRAMES = 150; // 3 s of our tone

/** One channel of a WAV as Int16 samples. */
function channel(file: string, index: number): Int16Array {
  const wav = new wavefile.WaveFile(readFileSync(file));
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array[] | Int16Array;
  return Array.isArray(samples) ? (samples[index] ?? new Int16Array()) : samples;
}

/** Frequency and level of the loudest second of a signal (skips set-up silence and the jitter buffer's priming). */
function analyse(samples: Int16Array): { hz: number; level: number; seconds: number } {
  let best = { hz: 0, level: 0 };
  for (let start = 0; start + 8000 <= samples.length; start += 4000) {
    const slice = samples.subarray(start, start + 8000);
    const hz = dominantFrequency(slice);
    const level = toneLevel(slice, hz);
    if (level > best.level) best = { hz, level };
  }
  return { ...best, seconds: samples.length / 8000 };
}

/** Our tone on the RTP session's clock, 20 ms a frame, into the recording's operator channel too. */
function talk(rtp: RtpSession, recorder: CallRecorder): Promise<number> {
  const tone = sineFrames(SEND_HZ, TALK_FRAMES * 20);
  let sent = 0;
  return new Promise((resolve) => {
    const clock = startPacedClock(20, () => {
      const frame = tone[sent];
      if (!frame) {
        clock.stop();
        resolve(sent);
        return;
      }
      sent++;
      rtp.sendFrame(frame);
      recorder.operator(frame);
    });
  });
}

async function dialBaresip(ua: SipUa, peer: BaresipPeer, rtp: RtpSession): Promise<{ dialog: Dialog; media: NegotiatedMedia }> {
  const call = ua.dial({ target: peer.uri, sdp: buildOffer({ address: '127.0.0.1', port: rtp.local.port }), ringTimeoutMs: 15_000 });
  const result = await call.result;
  if (result.outcome !== 'answered') throw new Error(`baresip did not answer: ${result.outcome} ${result.status ?? ''} ${result.reason}\n${peer.output()}`);
  return { dialog: result.dialog, media: negotiate(result.remoteSdp) };
}

async function main(): Promise<void> {
  const [work, direction] = process.argv.slice(2);
  if (!work || (direction !== 'outbound' && direction !== 'inbound')) throw new Error('usage: ua-baresip.fixture.ts <workDir> outbound|inbound');
  const logger = silentLogger();
  const ua = await startSipUa({ host: '127.0.0.1', port: 0, user: 'console', logger });
  const rtp = await openRtpSession({ bindHost: '127.0.0.1', logger });
  const recorder = startCallRecorder(join(work, 'console.wav'), logger);
  let peer: BaresipPeer | null = null;
  try {
    rtp.on('playout', (frame) => recorder.peer(frame));
    const incoming =
      direction === 'inbound'
        ? new Promise<{ dialog: Dialog; media: NegotiatedMedia; from: string }>((resolve) =>
            ua.onInvite((invite) => {
              const { sdp, negotiated } = answerOffer(invite.remoteSdp, { address: '127.0.0.1', port: rtp.local.port });
              invite.ringing();
              resolve({ dialog: invite.accept(sdp), media: negotiated, from: invite.from.uri });
            }),
          )
        : null;
    peer = await startBaresipPeer({
      sourceWav: writeWavTone(join(work, 'peer.wav'), PEER_HZ, 20_000),
      recordDir: join(work, 'baresip-rec'),
      commands: direction === 'inbound' ? [`/dial sip:console@127.0.0.1:${ua.local.port}`] : [],
    });
    const { dialog, media } = incoming ? await incoming : await dialBaresip(ua, peer, rtp);
    await dialog.confirmed;
    rtp.start({ address: media.address, port: media.port }, media);
    const sent = await talk(rtp, recorder);
    await dialog.hangup();
    // sndfile closes its WAVs when baresip tears the call down.
    await peer.waitFor(/Call with .* terminated/, 10_000);
    const stats = rtp.stats();
    const recording = await recorder.finish();
    await peer.stop();
    const heardFile = peer.recordings().heard;
    printNetnsResult({
      direction,
      codec: media.codec,
      sentFrames: sent,
      packetsIn: stats.packetsIn,
      packetsOut: stats.packetsOut,
      latched: stats.latched,
      // What baresip heard from us (its dec.wav), and what we heard from it (our recording's peer channel).
      peerHeard: heardFile ? analyse(channel(heardFile, 0)) : null,
      consoleHeard: analyse(channel(recording.file, 0)),
      consoleSent: analyse(channel(recording.file, 1)),
      recordingSha256: recording.sha256,
      baresip: peer.output(),
    });
  } finally {
    await Promise.allSettled([ua.close(), rtp.close(), recorder.finish(), peer?.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

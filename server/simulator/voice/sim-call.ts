/**
 * The audio of one simulated call (a beacon, or an outside line), on the console's own RTP
 * and recorder code: speech sent every 20 ms from a clip, what arrives recorded to a
 * two-channel WAV (channel 1: what the room hears from the beacon's speaker, so silence
 * while the centre muted it; channel 2: what the microphone sent), and, for a beacon, the
 * SCAIP DTMF control codes (PROTOCOLS.md §1.5): 7 speaker muted (the centre listens), 8
 * microphone muted, 4 duplex, 1/3 volume down/up, 0 clear down (the beacon hangs up).
 */
import type { Logger } from 'pino';
import { startCallRecorder, type CallRecording } from '../../../main/voice/media/recorder';
import type { RtpSession } from '../../../main/voice/media/rtp-session';
import type { NegotiatedMedia } from '../../../main/voice/media/sdp';
import { startPacedClock } from '../../../main/voice/media/paced-clock';
import type { Dialog, DialogEnd } from '../../../main/voice/sip/types';
import { clipFrames, FRAME_SAMPLES } from './speech';

export interface AudioMode {
  /** The beacon's loudspeaker plays the centre (false after DTMF 7, or SCAIP mre 2). */
  speaker: boolean;
  /** The beacon's microphone is sent (false after DTMF 8, or mre 3). */
  microphone: boolean;
  /** Speaker volume step, 0…10 (DTMF 1 / 3). */
  volume: number;
}

/** The mode a beacon starts its call in, from the SCAIP media reply (mre). */
export function modeForMre(mre: number | undefined): AudioMode {
  if (mre === 2) return { speaker: false, microphone: true, volume: 5 };
  if (mre === 3) return { speaker: true, microphone: false, volume: 5 };
  return { speaker: true, microphone: true, volume: 5 };
}

export interface SimCallEnd {
  by: DialogEnd['by'];
  reason: string;
  recording: CallRecording;
}

export interface SimCall {
  readonly callId: string;
  /** The beacon's id, or the number an outside line answered. */
  readonly party: string;
  readonly direction: 'inbound' | 'outbound';
  /** The WAV being written: channel 1 heard, channel 2 sent. */
  readonly recordingFile: string;
  readonly caseId: string | null;
  mode(): AudioMode;
  /** DTMF digits received, in order. */
  readonly digits: readonly string[];
  /** Frames received with sound in them (|sample| > 64 somewhere), whatever the speaker does. */
  soundFramesIn(): number;
  /** Settles when the call is over and its recording closed. */
  readonly ended: Promise<SimCallEnd>;
  hangup(): Promise<void>;
}

export interface SimCallOptions {
  party: string;
  caseId?: string | null;
  dialog: Dialog;
  rtp: RtpSession;
  negotiated: NegotiatedMedia;
  speech: Int16Array | null;
  /** Keep repeating the speech (a beacon) or say it once (a line's prompt). */
  loop: boolean;
  recordingFile: string;
  mode: AudioMode;
  /** Honour the SCAIP DTMF codes (a beacon); false: digits are only noted (an outside line). */
  scaipDtmf: boolean;
  logger: Logger;
}

const SILENCE = new Int16Array(FRAME_SAMPLES);

function scaled(frame: Int16Array, volume: number): Int16Array {
  if (volume === 5) return frame;
  const k = volume / 5;
  const out = new Int16Array(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(frame[i]! * k)));
  return out;
}

export function startSimCall(o: SimCallOptions): SimCall {
  const log = o.logger.child({ party: o.party, callId: o.dialog.callId });
  const mode: AudioMode = { ...o.mode };
  const digits: string[] = [];
  let soundIn = 0;
  const recorder = startCallRecorder(o.recordingFile, log);
  const speech = o.speech ? clipFrames(o.speech, { loop: o.loop }) : null;

  o.rtp.start({ address: o.negotiated.address, port: o.negotiated.port }, o.negotiated);
  const offPlayout = o.rtp.on('playout', (frame) => {
    if (frame.some((s) => s > 64 || s < -64)) soundIn++;
    recorder.peer(mode.speaker ? scaled(frame, mode.volume) : SILENCE);
  });
  const clock = startPacedClock(20, () => {
    const next = speech?.next();
    const frame = next && !next.done ? next.value : SILENCE;
    const sent = mode.microphone ? frame : SILENCE;
    o.rtp.sendFrame(sent);
    recorder.operator(sent);
  });
  const offDtmf = o.rtp.on('dtmf', ({ digit }) => {
    digits.push(digit);
    if (!o.scaipDtmf) return;
    switch (digit) {
      case '7':
        Object.assign(mode, { speaker: false, microphone: true });
        break;
      case '8':
        Object.assign(mode, { speaker: true, microphone: false });
        break;
      case '4':
        Object.assign(mode, { speaker: true, microphone: true });
        break;
      case '1':
        mode.volume = Math.max(0, mode.volume - 1);
        break;
      case '3':
        mode.volume = Math.min(10, mode.volume + 1);
        break;
      case '0':
        log.info('simulated beacon: clear down (DTMF 0), hanging up');
        void o.dialog.hangup();
        return;
      default:
        return;
    }
    log.info({ digit, mode }, 'simulated beacon: audio mode changed by DTMF');
  });

  const ended = new Promise<SimCallEnd>((resolve) => {
    o.dialog.onEnded((end) => {
      clock.stop();
      offPlayout();
      offDtmf();
      void (async () => {
        await o.rtp.close().catch(() => undefined);
        const recording = await recorder.finish();
        log.info({ by: end.by, reason: end.reason, durationMs: recording.durationMs, digits: digits.join('') }, 'simulated call ended');
        resolve({ by: end.by, reason: end.reason, recording });
      })();
    });
  });

  return {
    callId: o.dialog.callId,
    party: o.party,
    direction: o.dialog.direction,
    recordingFile: o.recordingFile,
    caseId: o.caseId ?? null,
    mode: () => ({ ...mode }),
    digits,
    soundFramesIn: () => soundIn,
    ended,
    hangup: () => o.dialog.hangup(),
  };
}

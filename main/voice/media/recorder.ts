/**
 * A call's recording: one two-channel 8 kHz 16-bit PCM WAV, channel 1 the peer (what the
 * session plays out), channel 2 the operator (what was sent to the peer), aligned on the
 * playout clock: every playout tick writes one 20 ms stereo frame, and the operator's
 * frames (paced by the renderer's clock) wait in a small FIFO for their tick.
 *
 * Streamed to disk: the samples are appended every half second and the header's sizes are
 * patched right after, so a crash leaves a readable file holding everything up to the last
 * half second. `repairWav` fixes the header of a file cut between the two writes (it sizes
 * the data chunk from the file length). The SHA-256 of the finished file is returned for
 * the journal.
 */
import { createHash } from 'node:crypto';
import { createReadStream, closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { FrameFifo } from './mixer';

export const RECORDING_SAMPLE_RATE = 8000;
const CHANNELS = 2;
const BYTES_PER_FRAME = CHANNELS * 2;
export const WAV_HEADER_BYTES = 44;
/** Appended (and the header patched) every 25 ticks = 0.5 s. */
const FLUSH_TICKS = 25;

export interface CallRecording {
  file: string;
  durationMs: number;
  bytes: number;
  sha256: string;
  /** Set when writing failed midway (disk full…): the file holds what came before. */
  error?: string;
}

export interface CallRecorder {
  readonly file: string;
  /** The operator's frame as it was sent; written on the next playout tick. */
  operator(frame: Int16Array): void;
  /** One playout tick: the peer's frame, with the operator's queued frame (or silence). */
  peer(frame: Int16Array): void;
  /** One tick with both channels given directly. */
  write(peer: Int16Array, operator: Int16Array | null): void;
  readonly durationMs: number;
  /** Flushes, patches the header, closes and hashes. Idempotent. */
  finish(): Promise<CallRecording>;
}

export function wavHeader(dataBytes: number, channels = CHANNELS, sampleRate = RECORDING_SAMPLE_RATE): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

function patchSizes(fd: number, dataBytes: number): void {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(36 + dataBytes, 0);
  writeSync(fd, b, 0, 4, 4);
  b.writeUInt32LE(dataBytes, 0);
  writeSync(fd, b, 0, 4, 40);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Opens the file (never overwrites one: 'wx'); throws a clear error when it cannot. */
export function startCallRecorder(file: string, logger: Logger = pino({ level: 'silent' })): CallRecorder {
  const fd = openSync(file, 'wx');
  writeSync(fd, wavHeader(0));
  const queue = new FrameFifo(10);
  let pending: Buffer[] = [];
  let ticks = 0;
  let samples = 0;
  let written = 0;
  let error: string | undefined;
  let result: Promise<CallRecording> | null = null;

  const flush = () => {
    if (pending.length === 0 || error) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    try {
      writeSync(fd, chunk, 0, chunk.length, WAV_HEADER_BYTES + written);
      written += chunk.length;
      patchSizes(fd, written);
    } catch (err) {
      error = `recording stopped: ${(err as Error).message}`;
      logger.error({ err, file }, 'call recording could not be written; the call goes on');
    }
  };

  const write = (peer: Int16Array, operator: Int16Array | null) => {
    if (result || error) return;
    const n = peer.length;
    const b = Buffer.alloc(n * BYTES_PER_FRAME);
    for (let i = 0; i < n; i++) {
      b.writeInt16LE(peer[i]!, i * 4);
      b.writeInt16LE(operator?.[i] ?? 0, i * 4 + 2);
    }
    pending.push(b);
    samples += n;
    if (++ticks % FLUSH_TICKS === 0) flush();
  };

  return {
    file,
    operator: (frame) => {
      if (!result) queue.push(frame);
    },
    peer: (frame) => write(frame, queue.take()),
    write,
    get durationMs() {
      return (samples / RECORDING_SAMPLE_RATE) * 1000;
    },
    finish() {
      result ??= (async () => {
        flush();
        let bytes = WAV_HEADER_BYTES + written;
        try {
          bytes = fstatSync(fd).size;
        } finally {
          closeSync(fd);
        }
        const recording: CallRecording = { file, durationMs: (written / BYTES_PER_FRAME / RECORDING_SAMPLE_RATE) * 1000, bytes, sha256: await sha256File(file) };
        if (error) recording.error = error;
        logger.info({ file, durationMs: recording.durationMs, sha256: recording.sha256 }, 'call recording finished');
        return recording;
      })();
      return result;
    },
  };
}

/**
 * Makes a WAV cut short by a crash consistent: the data chunk is sized from the file length
 * (whole stereo frames only). Returns the duration it now holds, in milliseconds.
 */
export function repairWav(file: string): number {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size < WAV_HEADER_BYTES) throw new Error(`${file} is too short to be a WAV (${size} bytes)`);
    const dataBytes = Math.floor((size - WAV_HEADER_BYTES) / BYTES_PER_FRAME) * BYTES_PER_FRAME;
    patchSizes(fd, dataBytes);
    return (dataBytes / BYTES_PER_FRAME / RECORDING_SAMPLE_RATE) * 1000;
  } finally {
    closeSync(fd);
  }
}

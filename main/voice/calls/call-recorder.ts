/**
 * One call's recording: a two-channel 8 kHz 16-bit WAV (channel 1 the far end, channel 2
 * what the operator sent to it), written as the call goes, so a crash keeps what was said
 * up to the last second (the header's sizes are patched at the end; a reader of a crashed
 * file still finds the samples). The SHA-256 of the finished file goes to the journal.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const RATE = 8000;
const CHANNELS = 2;
const HEADER_BYTES = 44;
/** Write about every half second: few syscalls, little lost on a crash. */
const FLUSH_FRAMES = 25;

export interface FinishedRecording {
  file: string;
  durationMs: number;
  bytes: number;
  sha256: string;
}

export interface CallRecorder {
  /** One 20 ms tick: the peer's frame and what the operator sent meanwhile (null: silence). */
  write(peer: Int16Array, operator: Int16Array | null): void;
  /** Patches the header, closes the file, hashes it. Idempotent. */
  finish(): FinishedRecording;
}

function header(dataBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(CHANNELS, 22);
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * CHANNELS * 2, 28);
  h.writeUInt16LE(CHANNELS * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export function startCallRecorder(file: string): CallRecorder {
  const fd = openSync(file, 'wx');
  writeSync(fd, header(0));
  let samples = 0;
  let pending: Buffer[] = [];
  let finished: FinishedRecording | null = null;

  const flush = () => {
    if (pending.length === 0) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    writeSync(fd, chunk);
  };

  return {
    write(peer, operator) {
      if (finished) return;
      const n = peer.length;
      const b = Buffer.alloc(n * 4);
      for (let i = 0; i < n; i++) {
        b.writeInt16LE(peer[i] ?? 0, i * 4);
        b.writeInt16LE(operator?.[i] ?? 0, i * 4 + 2);
      }
      pending.push(b);
      samples += n;
      if (pending.length >= FLUSH_FRAMES) flush();
    },
    finish() {
      if (finished) return finished;
      flush();
      const dataBytes = samples * CHANNELS * 2;
      writeSync(fd, header(dataBytes), 0, HEADER_BYTES, 0);
      closeSync(fd);
      const bytes = readFileSync(file);
      finished = { file, durationMs: Math.round((samples / RATE) * 1000), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      return finished;
    },
  };
}

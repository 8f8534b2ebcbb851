/** Test helper: reads a call recording (16-bit stereo WAV) into its two channels. Not used in production. */
import { readFileSync } from 'node:fs';

export function readStereoWav(file: string): { rate: number; left: Int16Array; right: Int16Array } {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  const channels = b.readUInt16LE(22);
  const rate = b.readUInt32LE(24);
  if (channels !== 2 || b.readUInt16LE(34) !== 16) throw new Error(`${file}: expected 16-bit stereo`);
  const dataBytes = b.readUInt32LE(40);
  const n = Math.floor(dataBytes / 4);
  const left = new Int16Array(n);
  const right = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = b.readInt16LE(44 + i * 4);
    right[i] = b.readInt16LE(46 + i * 4);
  }
  return { rate, left, right };
}

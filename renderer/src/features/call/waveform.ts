/**
 * Reads a call recording (RIFF/WAVE, 16-bit PCM, channel 1 the far end, channel 2 the
 * operator) and reduces it to one peak per pixel column per channel, for the player's
 * waveform. Pure: no DOM, unit-tested against a file written by wavefile as main writes them.
 */
export type Wav = { sampleRate: number; channels: number; frames: number; data: DataView };

export function parseWav(buffer: ArrayBuffer): Wav {
  const view = new DataView(buffer);
  const tag = (at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let at = 12;
  let fmt: { channels: number; sampleRate: number; bits: number; format: number } | null = null;
  while (at + 8 <= buffer.byteLength) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      fmt = { format: view.getUint16(body, true), channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data chunk before fmt chunk');
      if (fmt.format !== 1 || fmt.bits !== 16) throw new Error(`unsupported WAV encoding (format ${fmt.format}, ${fmt.bits} bits)`);
      // A recording still being written may declare more than is there: read what exists.
      const length = Math.min(size, buffer.byteLength - body);
      const frameBytes = 2 * fmt.channels;
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, frames: Math.floor(length / frameBytes), data: new DataView(buffer, body, length) };
    }
    at = body + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** Peak (0..1) of each of `columns` equal slices, per channel. */
export function wavePeaks(wav: Wav, columns: number): Float32Array[] {
  const out = Array.from({ length: wav.channels }, () => new Float32Array(columns));
  if (wav.frames === 0 || columns <= 0) return out;
  for (let col = 0; col < columns; col += 1) {
    const from = Math.floor((col * wav.frames) / columns);
    const to = Math.max(from + 1, Math.floor(((col + 1) * wav.frames) / columns));
    for (let ch = 0; ch < wav.channels; ch += 1) {
      let peak = 0;
      for (let f = from; f < to && f < wav.frames; f += 1) {
        const v = Math.abs(wav.data.getInt16((f * wav.channels + ch) * 2, true));
        if (v > peak) peak = v;
      }
      (out[ch] as Float32Array)[col] = Math.min(1, peak / 32767);
    }
  }
  return out;
}

/** m:ss (or h:mm:ss) for the player. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Call recordings for the page's player: GET /recordings/<recordingId>.wav?token=<t>
 * (browser mode) and app://console/recordings/<recordingId>.wav (Electron, same code
 * through recordings-file.ts). The voice service says where a recording's file is (and
 * may refuse one: null); we serve it with Range support so the player can seek.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger';
import { tokenMatches } from './security';

export const RECORDINGS_PREFIX = '/recordings/';

/** The WAV file of a recording (absolute path), or null when unknown or not to be served. */
export type RecordingLookup = (recordingId: string) => Promise<string | null> | string | null;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The recording id of /recordings/<id>.wav, or null for anything else. */
export function recordingIdOf(pathname: string): string | null {
  if (!pathname.startsWith(RECORDINGS_PREFIX) || !pathname.endsWith('.wav')) return null;
  const id = pathname.slice(RECORDINGS_PREFIX.length, -'.wav'.length);
  return ID.test(id) ? id : null;
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range of a file of `size` bytes (RFC 9110 §14.1.2): null when absent or not
 * understood (serve the whole file), 'unsatisfiable' for a range outside the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** Resolves the file and its size, or why not: shared by the HTTP and app:// handlers. */
export async function findRecording(lookup: RecordingLookup | null, id: string): Promise<{ file: string; size: number } | null> {
  if (!lookup) return null;
  const file = await lookup(id);
  if (!file) return null;
  try {
    const s = await stat(file);
    return s.isFile() ? { file, size: s.size } : null;
  } catch {
    return null;
  }
}

export async function serveRecording(
  req: IncomingMessage,
  res: ServerResponse,
  o: { id: string; token: string; lookup: RecordingLookup | null; log: Logger },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (!tokenMatches(url.searchParams.get('token'), o.token)) {
    o.log.warn({ from: req.socket.remoteAddress }, 'recording request without the launch token refused');
    res.writeHead(401, { 'cache-control': 'no-store' }).end();
    return;
  }
  let found: Awaited<ReturnType<typeof findRecording>>;
  try {
    found = await findRecording(o.lookup, o.id);
  } catch (err) {
    o.log.error({ err, recordingId: o.id }, 'recording lookup failed');
    res.writeHead(500, { 'cache-control': 'no-store' }).end();
    return;
  }
  if (!found) {
    o.log.warn({ recordingId: o.id }, 'recording not found or not served');
    res.writeHead(404, { 'cache-control': 'no-store' }).end();
    return;
  }
  const range = parseRange(req.headers.range, found.size);
  // Recordings are evidence: never cached by the browser beyond this page.
  const headers = { 'content-type': 'audio/wav', 'accept-ranges': 'bytes', 'cache-control': 'no-store' };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${found.size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: found.size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': String(Math.max(0, end - start + 1)),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${found.size}` } : {}),
  });
  if (req.method === 'HEAD' || found.size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(found.file, { start, end });
  stream.on('error', (err) => {
    o.log.error({ err, recordingId: o.id }, 'recording read failed');
    res.destroy();
  });
  stream.pipe(res);
}

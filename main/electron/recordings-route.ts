/**
 * app://console/recordings/<recordingId>.wav: a call recording for the page's player,
 * with Range (the player seeks). No token here: only our own pages load app://console,
 * and the voice service's lookup decides whether a recording is served at all.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Logger } from '../log/logger';
import { findRecording, parseRange, recordingIdOf, type RecordingLookup } from '../transports/recordings';
import type { AppRoute } from './protocol';
import { APP_HOST, APP_RESPONSE_HEADERS, APP_SCHEME } from './window-options';

export function recordingsRoute(lookup: () => RecordingLookup | null, logger: Logger): AppRoute {
  const log = logger.child({ component: 'app-recordings' });
  return async (req) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return null;
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
    const id = recordingIdOf(url.pathname);
    if (!id) return null;
    const headers: Record<string, string> = { ...APP_RESPONSE_HEADERS, 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
    const found = await findRecording(lookup(), id).catch((err: unknown) => {
      log.error({ err, recordingId: id }, 'recording lookup failed');
      return null;
    });
    if (!found) {
      log.warn({ recordingId: id }, 'recording not found or not served');
      return new Response(null, { status: 404, headers: APP_RESPONSE_HEADERS });
    }
    const range = parseRange(req.headers.get('range') ?? undefined, found.size);
    if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${found.size}` } });
    const { start, end } = range ?? { start: 0, end: found.size - 1 };
    const body = found.size === 0 ? null : (Readable.toWeb(createReadStream(found.file, { start, end })) as ReadableStream<Uint8Array>);
    return new Response(body, {
      status: range ? 206 : 200,
      headers: { ...headers, 'Content-Length': String(Math.max(0, end - start + 1)), ...(range ? { 'Content-Range': `bytes ${start}-${end}/${found.size}` } : {}) },
    });
  };
}

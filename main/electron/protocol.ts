/**
 * app://console/… serves the built renderer with our CSP header, instead of
 * file:// (which would give every local file the page's privileges).
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { protocol } from 'electron';
import { APP_RESPONSE_HEADERS, APP_SCHEME, isSpaRoute, resolveAppPath } from './window-options';
import { isMapRequest, mapProtocolResponse } from './map-protocol';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.pmtiles': 'application/octet-stream',
};

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** A handler of some app:// paths (e.g. recordings): its Response, or null when the path is not its own. */
export type AppRoute = (req: Request) => Promise<Response | null>;

export function handleAppProtocol(rendererDir: string, routes: readonly AppRoute[] = []): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const headers = { ...APP_RESPONSE_HEADERS };
    if (isMapRequest(req.url)) return mapProtocolResponse(req, headers);
    if (req.method !== 'GET') return new Response(null, { status: 405, headers });
    for (const route of routes) {
      const res = await route(req);
      if (res) return res;
    }
    const file = resolveAppPath(rendererDir, req.url);
    if (!file) return new Response(null, { status: 404, headers });
    const target = isSpaRoute(file) ? join(rendererDir, 'index.html') : file;
    try {
      const body = await readFile(target);
      return new Response(body, {
        headers: { ...headers, 'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream' },
      });
    } catch {
      return new Response(null, { status: 404, headers });
    }
  });
}

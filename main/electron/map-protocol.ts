/**
 * app://console/map/… in Electron: the offline basemap and glyphs, with the same Range
 * handling as browser mode (main/transports/tiles.ts). Kept free of any electron import:
 * it takes and returns web Request/Response, so plain Node tests it.
 */
import { defaultResourcesDir, isMapPath, readMapFile } from '../transports/tiles';
import { APP_HOST, APP_SCHEME } from './window-options';

/** True for app://console/map/… */
export function isMapRequest(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && isMapPath(u.pathname);
  } catch {
    return false;
  }
}

export async function mapProtocolResponse(req: Request, baseHeaders: Readonly<Record<string, string>>, resourcesDir = defaultResourcesDir()): Promise<Response> {
  const { status, headers, body } = await readMapFile(resourcesDir, {
    method: req.method,
    pathname: new URL(req.url).pathname,
    range: req.headers.get('range'),
    ifNoneMatch: req.headers.get('if-none-match'),
  });
  return new Response(status === 304 || !body ? null : body, { status, headers: { ...baseHeaders, ...headers } });
}

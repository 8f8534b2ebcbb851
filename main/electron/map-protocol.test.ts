import { PMTiles, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { isMapRequest, mapProtocolResponse } from './map-protocol';
import { APP_RESPONSE_HEADERS } from './window-options';

const BASEMAP = 'app://console/map/basemap/saint-nazaire.pmtiles';

describe('app://console/map/… (Electron protocol handler, as web Request/Response)', () => {
  it('recognises only our map paths', () => {
    expect(isMapRequest(BASEMAP)).toBe(true);
    expect(isMapRequest('app://console/index.html')).toBe(false);
    expect(isMapRequest('app://elsewhere/map/basemap/saint-nazaire.pmtiles')).toBe(false);
    expect(isMapRequest('not a url')).toBe(false);
  });

  it('answers a Range request with 206, the CSP header and the bytes', async () => {
    const res = await mapProtocolResponse(new Request(BASEMAP, { headers: { Range: 'bytes=0-6' } }), APP_RESPONSE_HEADERS);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 0-6/3797358');
    expect(res.headers.get('content-security-policy')).toBe(APP_RESPONSE_HEADERS['Content-Security-Policy']);
    expect(await res.text()).toBe('PMTiles');
  });

  it('the pmtiles reader reads a z14 tile through the handler', async () => {
    const source: Source = {
      getKey: () => BASEMAP,
      getBytes: async (offset, length) => {
        const res = await mapProtocolResponse(new Request(BASEMAP, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } }), APP_RESPONSE_HEADERS);
        return { data: await res.arrayBuffer(), etag: res.headers.get('etag') ?? undefined };
      },
    };
    const tile = await new PMTiles(source).getZxy(14, 8089, 5743);
    expect(tile?.data.byteLength).toBeGreaterThan(10_000);
  });

  it('a missing file is a 404', async () => {
    expect((await mapProtocolResponse(new Request('app://console/map/basemap/nowhere.pmtiles'), APP_RESPONSE_HEADERS)).status).toBe(404);
  });
});

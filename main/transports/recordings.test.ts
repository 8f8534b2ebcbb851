import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silent, tempDir } from '../testing/fixtures';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { parseRange, recordingIdOf } from './recordings';

const TOKEN = 'rec-test-token-0123456789';
let tmp: ReturnType<typeof tempDir>;
let server: BrowserServer;
const BODY = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

beforeEach(async () => {
  tmp = tempDir();
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Veille</title>');
  const recDir = join(tmp.dir, 'recordings');
  mkdirSync(recDir);
  writeFileSync(join(recDir, 'rec-1.wav'), BODY);
  server = await startBrowserServer({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir, logger: silent });
  server.serveRecordings((id) => (id === 'rec-1' ? join(recDir, 'rec-1.wav') : id === 'gone' ? join(recDir, 'gone.wav') : null));
});
afterEach(async () => {
  await server.close();
  tmp.remove();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.origin}${path}`, { headers });

describe('GET /recordings/<id>.wav', () => {
  it('serves the file with the launch token, whole or by range (the player seeks)', async () => {
    const whole = await get(`/recordings/rec-1.wav?token=${TOKEN}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(BODY);
    // The page's CSP and the other security headers come with it.
    expect(whole.headers.get('content-security-policy')).toContain("default-src 'self'");

    const part = await get(`/recordings/rec-1.wav?token=${TOKEN}`, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(BODY.subarray(100, 200));

    const outside = await get(`/recordings/rec-1.wav?token=${TOKEN}`, { range: 'bytes=5000-' });
    expect(outside.status).toBe(416);
  });

  it('refuses a missing or wrong token, and answers 404 for an unknown, vanished or odd id', async () => {
    expect((await get('/recordings/rec-1.wav')).status).toBe(401);
    expect((await get('/recordings/rec-1.wav?token=nope')).status).toBe(401);
    expect((await get(`/recordings/rec-2.wav?token=${TOKEN}`)).status).toBe(404);
    expect((await get(`/recordings/gone.wav?token=${TOKEN}`)).status).toBe(404);
    // Not a recording path: the single-page app answers, never a file outside the renderer.
    expect(recordingIdOf('/recordings/..%2Fjournal.wav')).toBeNull();
    expect(recordingIdOf('/recordings/../x.wav')).toBeNull();
    expect(recordingIdOf('/recordings/a.wav')).toBe('a');
  });
});

describe('parseRange', () => {
  it('reads start-end, open-ended and suffix ranges; anything else serves the whole file', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange(undefined, 100)).toBeNull();
  });
});

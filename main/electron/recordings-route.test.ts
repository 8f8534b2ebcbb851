import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silent, tempDir } from '../testing/fixtures';
import { recordingsRoute } from './recordings-route';

let tmp: ReturnType<typeof tempDir>;
let file: string;
const BODY = Buffer.from(Array.from({ length: 500 }, (_, i) => i % 251));

beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'recordings'));
  file = join(tmp.dir, 'recordings', 'rec-9.wav');
  writeFileSync(file, BODY);
});
afterEach(() => tmp.remove());

describe('app://console/recordings/<id>.wav', () => {
  const route = () => recordingsRoute(() => (id) => (id === 'rec-9' ? file : null), silent);

  it('serves a recording whole and by range, with the console CSP', async () => {
    const whole = await route()(new Request('app://console/recordings/rec-9.wav'));
    expect(whole?.status).toBe(200);
    expect(whole?.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(Buffer.from(await whole!.arrayBuffer())).toEqual(BODY);
    const part = await route()(new Request('app://console/recordings/rec-9.wav', { headers: { range: 'bytes=10-19' } }));
    expect(part?.status).toBe(206);
    expect(part?.headers.get('content-range')).toBe('bytes 10-19/500');
    expect(Buffer.from(await part!.arrayBuffer())).toEqual(BODY.subarray(10, 20));
  });

  it('answers 404 for an unknown recording and leaves every other path to the renderer', async () => {
    expect((await route()(new Request('app://console/recordings/other.wav')))?.status).toBe(404);
    expect(await route()(new Request('app://console/index.html'))).toBeNull();
    expect(await route()(new Request('app://elsewhere/recordings/rec-9.wav'))).toBeNull();
    // Before the voice service is up: nothing is served.
    expect((await recordingsRoute(() => null, silent)(new Request('app://console/recordings/rec-9.wav')))?.status).toBe(404);
  });
});

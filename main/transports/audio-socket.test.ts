import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeAudioFrame, encodeAudioFrame } from '@shared/audio/audio-frame';
import { silent, tempDir } from '../testing/fixtures';
import { AUDIO_REPLACED_CODE } from './audio-socket';
import { startBrowserServer, type BrowserServer } from './browser-server';

const TOKEN = 'audio-test-token-0123456789';
let tmp: ReturnType<typeof tempDir>;
let server: BrowserServer;

beforeEach(async () => {
  tmp = tempDir();
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Veille</title>');
  // No contract host attached: the audio port exists from the start, for the call manager.
  server = await startBrowserServer({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir, logger: silent });
});
afterEach(async () => {
  await server.close();
  tmp.remove();
});

const audioUrl = (token = TOKEN) => `ws://127.0.0.1:${server.port}/audio?token=${token}`;

function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

function openPage(): Promise<WebSocket> {
  const ws = new WebSocket(audioUrl(), { origin: server.origin });
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

/** Resolves once `n` capture frames reached main through the AudioPort. */
function captured(n: number): Promise<Int16Array[]> {
  const got: Int16Array[] = [];
  return new Promise((resolve) => {
    const off = server.audio.onCapture((f) => {
      got.push(f);
      if (got.length === n) {
        off();
        resolve(got);
      }
    });
  });
}

const tone = (v: number) => new Int16Array(160).fill(v);

describe('browser-mode audio socket', () => {
  it('refuses a missing or wrong token (401) and a foreign Origin (403), like /api', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/audio`, server.origin)).toBe(401);
    expect(await upgradeStatus(audioUrl('wrong'), server.origin)).toBe(401);
    expect(await upgradeStatus(audioUrl(), 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(audioUrl())).toBe(403);
    expect(server.audio.attached).toBe(false);
    expect(await upgradeStatus(audioUrl(), server.origin)).toBe(101);
  });

  it('hands capture frames to main and playout frames to the page', async () => {
    const page = await openPage();
    expect(server.audio.attached).toBe(true);
    const arriving = captured(2);
    page.send(encodeAudioFrame('capture', tone(1000)));
    page.send(encodeAudioFrame('capture', tone(-1000)));
    const frames = await arriving;
    expect(frames.map((f) => [f.length, f[0]])).toEqual([
      [160, 1000],
      [160, -1000],
    ]);

    const heard = new Promise<unknown>((resolve) => page.once('message', (d) => resolve(d)));
    server.audio.sendPlayout(tone(1234));
    const out = decodeAudioFrame(await heard, 'playout');
    expect(out.ok && out.samples[159]).toBe(1234);
    page.close();
  });

  it('drops text, short, wrong-kind frames and keeps the good ones flowing', async () => {
    const page = await openPage();
    const arriving = captured(1);
    page.send('{"kind":"req"}');
    page.send(new Uint8Array(10));
    page.send(encodeAudioFrame('playout', tone(5)));
    page.send(encodeAudioFrame('capture', tone(7)));
    const [frame] = await arriving;
    expect(frame?.[0]).toBe(7);
    expect(server.audio.stats()).toMatchObject({ captured: 1, badFrames: 3 });
    expect(page.readyState).toBe(WebSocket.OPEN);
    page.close();
  });

  it('serves one page at a time: a newer page takes over and the older one is told why', async () => {
    const first = await openPage();
    const firstClosed = new Promise<number>((resolve) => first.on('close', (code) => resolve(code)));
    const second = await openPage();
    expect(await firstClosed).toBe(AUDIO_REPLACED_CODE);
    expect(server.audio.attached).toBe(true);
    const heard = new Promise<unknown>((resolve) => second.once('message', (d) => resolve(d)));
    server.audio.sendPlayout(tone(42));
    const out = decodeAudioFrame(await heard, 'playout');
    expect(out.ok && out.samples[0]).toBe(42);
    const gone = new Promise<void>((resolve) => second.on('close', () => resolve()));
    second.close();
    await gone;
    await expect.poll(() => server.audio.attached).toBe(false);
    // Nobody attached: playout is dropped, never queued.
    server.audio.sendPlayout(tone(1));
    expect(server.audio.stats().played).toBe(1);
  });
});

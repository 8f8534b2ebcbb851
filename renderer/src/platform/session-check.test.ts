// @vitest-environment node
// The token probe a browser-mode page runs when its WebSocket will not come back.
// The host's answers are scripted with a fake fetch (the route lives in main/).
import { describe, expect, it } from 'vitest';
import { createSessionCheck, sessionCheckUrl, type FetchLike } from './session-check';

function fakeFetch(answer: (url: string) => number | Error | 'hang') {
  const urls: string[] = [];
  const fetch: FetchLike = (url, init) => {
    urls.push(url);
    const a = answer(url);
    if (a === 'hang')
      return new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    return a instanceof Error ? Promise.reject(a) : Promise.resolve({ status: a });
  };
  return { fetch, urls };
}

describe('session check', () => {
  const url = sessionCheckUrl('http://127.0.0.1:4810', 'a b/c');

  it('asks the same origin with the token, encoded', async () => {
    const f = fakeFetch(() => 204);
    await createSessionCheck({ fetch: f.fetch, url })();
    expect(f.urls).toEqual(['http://127.0.0.1:4810/api/session-check?token=a%20b%2Fc']);
  });

  it('tells a valid token, a refused one, a host that is down and an answer that proves nothing apart', async () => {
    expect(await createSessionCheck({ fetch: fakeFetch(() => 204).fetch, url })()).toBe('valid');
    expect(await createSessionCheck({ fetch: fakeFetch(() => 401).fetch, url })()).toBe('refused');
    expect(await createSessionCheck({ fetch: fakeFetch(() => new TypeError('Failed to fetch')).fetch, url })()).toBe('down');
    expect(await createSessionCheck({ fetch: fakeFetch(() => 404).fetch, url })()).toBe('unknown');
    expect(await createSessionCheck({ fetch: fakeFetch(() => 502).fetch, url })()).toBe('unknown');
  });

  it('gives up on a host that never answers and counts it as down', async () => {
    const t0 = Date.now();
    expect(await createSessionCheck({ fetch: fakeFetch(() => 'hang').fetch, url, timeoutMs: 50 })()).toBe('down');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

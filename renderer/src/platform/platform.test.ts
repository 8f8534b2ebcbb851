// @vitest-environment jsdom
// Boot-time platform choices: token handling in browser mode, and the Electron bridge wrapper.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@shared/contract';
import { createApiClient, takeToken } from './index';
import { createIpcClient } from './ipc-client';
import { isLinkLost } from './errors';
import { makeCase } from '../test/fixtures';

afterEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
  delete (window as { veilleApi?: unknown }).veilleApi;
});

describe('browser-mode token', () => {
  it('takes the token from the URL, keeps it for reloads and strips it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=s3cret-token&x=1#top');
    expect(takeToken()).toBe('s3cret-token');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#top');
    expect(takeToken()).toBe('s3cret-token'); // after a reload: from sessionStorage
  });

  it('says the address is incomplete instead of retrying forever without a token', async () => {
    const { api, link } = createApiClient();
    expect(link.problem).toBe('missing-token');
    expect(link.get()).toBe('closed');
    expect(isLinkLost(await api.invoke('session.get', {}).catch((e: unknown) => e))).toBe(true);
  });

  it('asks the host about its token on the same origin when the socket will not open, and stops on a refusal', async () => {
    // jsdom's sockets would dial a real port: this one fails like a restarted host's old address.
    class RefusedSocket {
      readyState = 3;
      onopen: (() => void) | null = null;
      onclose: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onmessage: (() => void) | null = null;
      constructor() {
        setTimeout(() => this.onclose?.(), 0);
      }
      send() {}
      close() {}
    }
    const fetched: string[] = [];
    vi.stubGlobal('WebSocket', RefusedSocket);
    vi.stubGlobal('fetch', async (url: string) => (fetched.push(url), { status: 401 }));
    try {
      window.history.replaceState(null, '', '/?token=old-t0k');
      const { link } = createApiClient();
      await vi.waitFor(() => expect(link.problem).toBe('token-refused'));
      expect(fetched).toEqual([`${window.location.origin}/api/session-check?token=old-t0k`]);
      expect(link.get()).toBe('closed');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('Electron bridge wrapper', () => {
  it('is used when the preload exposes window.veilleApi, unwrapping response envelopes', async () => {
    (window as { veilleApi?: unknown }).veilleApi = {
      invoke: async (method: string) =>
        method === 'cases.list'
          ? { kind: 'res', id: 1, ok: true, result: [makeCase()] }
          : { kind: 'res', id: 2, ok: false, error: { code: 'not-logged-in', message: 'log in first' } },
      on: () => () => {},
    };
    const { api, link } = createApiClient();
    expect(link.get()).toBe('open');
    expect(await api.invoke('cases.list', {})).toHaveLength(1);
    const err = await api.invoke('cases.claim', { caseId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('not-logged-in');
  });

  it('recovers the error code from an Electron-mangled rejection, and validates bridged events', async () => {
    let push: (p: unknown) => void = () => {};
    const api = createIpcClient({
      invoke: async () => {
        throw new Error(`Error invoking remote method 'api:req': Error: {"code":"already-claimed","message":"taken","details":{"owner":"Opérateur 2"}}`);
      },
      on: (_event, cb) => {
        push = cb;
        return () => {};
      },
    });
    const err = (await api.invoke('cases.claim', { caseId: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('already-claimed');
    expect(err.details).toEqual({ owner: 'Opérateur 2' });
    const seen: string[] = [];
    api.on('cases.changed', (p) => seen.push(p.case.id));
    push({ case: { id: 'bad' } });
    push({ case: makeCase({ id: 'good' }) });
    expect(seen).toEqual(['good']);
  });
});

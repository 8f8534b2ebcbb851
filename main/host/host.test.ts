import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestAccess } from '@shared/contract/access';
import { AppInfo, SessionState } from '@shared/contract/requests';
import { call, startConsole, startTestHub, tempDir, type Console, type TestHub } from '../testing/fixtures';

let tmp: ReturnType<typeof tempDir>;
let consoleApp: Console;
let hub: TestHub | null = null;

beforeEach(() => {
  tmp = tempDir();
  // Nothing listens on port 9 (discard): the link is only dialled at login.
  consoleApp = startConsole(tmp.dir, 'http://127.0.0.1:9');
});
afterEach(async () => {
  await consoleApp.close();
  await hub?.close();
  hub = null;
  tmp.remove();
});

const errorOf = (res: Awaited<ReturnType<typeof call>>) => {
  expect(res.ok).toBe(false);
  return (res as Extract<typeof res, { ok: false }>).error;
};

describe('host dispatcher', () => {
  it('answers an unknown method with unknown-method, echoing the id', async () => {
    const res = await consoleApp.host.handle({ kind: 'req', id: 42, method: 'cases.delete', args: {} }, { transport: 'test' });
    expect(res.id).toBe(42);
    expect(errorOf(res)).toMatchObject({ code: 'unknown-method', message: expect.stringContaining('cases.delete') });
    expect(errorOf(await call(consoleApp.host, '__proto__', {})).code).toBe('unknown-method');
    expect(errorOf(await call(consoleApp.host, 'toString', {})).code).toBe('unknown-method');
  });

  it('rejects wrong types with a readable invalid-argument naming the field', async () => {
    const err = errorOf(await call(consoleApp.host, 'session.login', { username: 'op', password: 12 }));
    expect(err.code).toBe('invalid-argument');
    expect(err.message).toMatch(/session\.login.*password/);
    expect(err.details).toMatchObject({ issues: [{ path: 'password' }] });
    hub = await startTestHub(tmp.dir + '/hub');
    await consoleApp.close();
    consoleApp = startConsole(tmp.dir, hub.url);
    expect((await call(consoleApp.host, 'session.login', { username: 'operateur1', password: 'veille-demo' })).ok).toBe(true);
    expect(errorOf(await call(consoleApp.host, 'journal.list', { limit: 'lots' })).message).toMatch(/limit/);
    expect(errorOf(await call(consoleApp.host, 'cases.close', { caseId: 'c1', closureCode: 'not-a-code' })).message).toMatch(/closureCode/);
  });

  it('rejects extra keys and non-object arguments', async () => {
    const err = errorOf(await call(consoleApp.host, 'session.login', { username: 'op', password: 'x', force: true }));
    expect(err.code).toBe('invalid-argument');
    expect(err.message).toMatch(/force/);
    expect(errorOf(await call(consoleApp.host, 'app.info', 'hello')).code).toBe('invalid-argument');
    expect(errorOf(await call(consoleApp.host, 'app.info', [1, 2])).code).toBe('invalid-argument');
  });

  it('refuses every request the contract marks operator before login, with not-logged-in, whatever its arguments', async () => {
    const operatorOnly = Object.entries(requestAccess).filter(([, access]) => access === 'operator').map(([m]) => m);
    expect(operatorOnly).toContain('cases.claim');
    for (const m of operatorOnly) {
      expect(errorOf(await call(consoleApp.host, m, {})).code, m).toBe('not-logged-in');
      expect(errorOf(await call(consoleApp.host, m, { caseId: 'c1', closureCode: 'drill' })).code, m).toBe('not-logged-in');
    }
    expect(consoleApp.services.journal.list({ limit: 10 })).toEqual([]);
  });

  it('never answers not-logged-in to a request the contract marks public', async () => {
    for (const [m, access] of Object.entries(requestAccess)) {
      // session.login is left out: with valid credentials it dials the (absent) hub; its refusal is tested below.
      if (access !== 'public' || m === 'session.login') continue;
      const res = await call(consoleApp.host, m, {});
      expect(res.ok ? 'answered' : res.error.code, m).not.toBe('not-logged-in');
    }
    expect(errorOf(await call(consoleApp.host, 'session.login', {})).code).toBe('invalid-argument');
  });

  it('serves app.info and session.get without login', async () => {
    const info = await call(consoleApp.host, 'app.info');
    expect(info.ok && AppInfo.parse(info.result)).toMatchObject({ runtime: 'browser' });
    const s = await call(consoleApp.host, 'session.get', {});
    expect(s.ok && SessionState.parse(s.result)).toMatchObject({ operator: null, hub: { connected: false, demo: false } });
  });

  it('never throws on malformed envelopes', async () => {
    const weird = [null, undefined, 7, 'x', {}, { kind: 'req' }, { kind: 'req', id: 'a', method: 5 }] as unknown[];
    for (const env of weird) {
      const res = await consoleApp.host.handle(env as never, { transport: 'test' });
      expect(res.kind).toBe('res');
      expect(res.ok).toBe(false);
    }
  });

  it('says hub-unreachable at login within the timeout when no hub answers', async () => {
    const t0 = Date.now();
    const err = errorOf(await call(consoleApp.host, 'session.login', { username: 'operateur1', password: 'veille-demo' }));
    expect(err.code).toBe('hub-unreachable');
    expect(Date.now() - t0).toBeLessThan(5500);
  });

  it('maps a wrong password to bad-credentials and journals nothing', async () => {
    hub = await startTestHub(tmp.dir + '/hub');
    await consoleApp.close();
    consoleApp = startConsole(tmp.dir, hub.url);
    const err = errorOf(await call(consoleApp.host, 'session.login', { username: 'operateur1', password: 'wrong' }));
    expect(err.code).toBe('bad-credentials');
    expect(consoleApp.services.journal.list({ limit: 10 })).toEqual([]);
  });

  it('logs in and out, journals both, and emits session.changed', async () => {
    hub = await startTestHub(tmp.dir + '/hub');
    await consoleApp.close();
    consoleApp = startConsole(tmp.dir, hub.url);
    const events: string[] = [];
    consoleApp.host.onEvent((e) => events.push(e.event));
    const res = await call(consoleApp.host, 'session.login', { username: ' operateur1 ', password: 'veille-demo' });
    expect(res.ok && SessionState.parse(res.result)).toMatchObject({ operator: { username: 'operateur1' }, hub: { connected: true } });
    const out = await call(consoleApp.host, 'session.logout', {});
    expect(out.ok && out.result).toMatchObject({ operator: null });
    const types = consoleApp.services.journal.list({ limit: 10 }).map((e) => e.type);
    expect(types).toEqual(['session.logout', 'session.login']);
    expect(events).toContain('session.changed');
    expect(events).toContain('cases.snapshot');
    expect(events).toContain('journal.appended');
    expect(consoleApp.violations).toEqual([]);
  });
});

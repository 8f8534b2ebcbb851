/** What a console (or a stray client) is told when it gets something wrong. */
import { io as ioClient } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectConsole, login, startFixture, type Fixture, type TestConsole } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

async function consoleFor(username: string): Promise<TestConsole> {
  const c = await connectConsole(f, (await login(f.hub.url, username)).token);
  await c.snapshot;
  return c;
}

function errorOf(ack: unknown): { code: string; message: string } {
  const a = ack as { ok: boolean; error?: { code: string; message: string } };
  if (a.ok || !a.error) throw new Error(`expected a refusal, got ${JSON.stringify(ack)}`);
  return a.error;
}

describe('socket.io root namespace', () => {
  it('refuses connections on "/" and points to /console, which keeps serving', async () => {
    const { token } = await login(f.hub.url, 'operateur1');
    const s = ioClient(f.hub.url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
    f.sockets.push(s);
    const err = await new Promise<{ message: string; data?: { code: string } }>((resolve, reject) => {
      s.once('connect', () => reject(new Error('the root namespace accepted a connection')));
      s.once('connect_error', (e) => resolve(e as never));
    });
    expect(err.message).toContain('/console');
    expect(err.data?.code).toBe('wrong-namespace');
    expect((await (await consoleFor('operateur1')).snapshot).cases).toEqual([]);
  });
});

describe('readable refusals', () => {
  it('explains a bad case.get in words, without dumping zod JSON', async () => {
    const c = await consoleFor('operateur1');
    for (const payload of [{ nope: 1 }, 'garbage', { caseId: 'x'.repeat(65) }]) {
      const e = errorOf(await c.emitAck('case.get', payload));
      expect(e.code).toBe('invalid-command');
      expect(e.message).toMatch(/^case\.get attend \{ caseId: identifiant de 1 à 64 caractères \} : /);
      expect(e.message).not.toMatch(/[[{]\s*"/);
    }
  });

  it('echoes at most 64 characters of an unknown case id', async () => {
    const c = await consoleFor('operateur1');
    const id = 'A'.repeat(5000);
    const e = errorOf(await c.command({ type: 'claim', caseId: id }));
    expect(e).toEqual({ code: 'not-found', message: `Dossier ${'A'.repeat(64)}… introuvable` });
  });

  it('refuses a journal batch sent as a command, briefly (batches have their own lane, POST /api/v1/journal)', async () => {
    const c = await consoleFor('operateur1');
    const events = Array.from({ length: 40 }, () => ({ id: 'nope', payload: 'x'.repeat(1000) }));
    const e = errorOf(await c.command({ type: 'journal', events }));
    expect(e.code).toBe('invalid-command');
    expect(e.message.length).toBeLessThan(400);
  });
});

describe('HTTP validation errors', () => {
  it('give login the same issues list as ingest: [{path, message}]', async () => {
    const r = await fetch(`${f.hub.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"x"}' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: { code: 'invalid-request', message: 'Identifiant et mot de passe attendus', issues: [{ path: 'password', message: expect.any(String) }] },
    });
    const text = await fetch(`${f.hub.url}/api/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
  });
});

/**
 * The journal lane's gate: it opens only when no alarm is in flight. The alarm route here
 * is a stand-in whose answer the test releases (the real ingest cannot be held mid-way on
 * demand); the hooks and the counting are the real ones, on a real Fastify instance.
 */
import Fastify from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { watchIntake } from './intake-gate';

const app = Fastify();
afterEach(async () => {
  await app.close();
});

it('holds the journal while an alarm is in flight and lets it go as soon as the alarm is answered', async () => {
  let clock = 0;
  const gate = watchIntake(app, () => clock);
  let release!: () => void;
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  app.post('/api/v1/alarms', async () => {
    entered();
    await new Promise<void>((r) => (release = r));
    return { ok: true };
  });
  app.post('/api/v1/journal', async () => ({ ok: true }));
  await app.ready();

  await gate.clear(); // nothing in flight: open at once
  expect(gate.quietFor(1000)).toBe(true); // no alarm yet: long journal transactions allowed
  clock = 10_000;
  const alarm = app.inject({ method: 'POST', url: '/api/v1/alarms', payload: {} });
  await inHandler;
  let open = false;
  const waiting = gate.clear(60_000).then(() => (open = true));
  // Other requests (a journal batch itself) do not count as intake.
  expect((await app.inject({ method: 'POST', url: '/api/v1/journal', payload: {} })).statusCode).toBe(200);
  expect(open).toBe(false);
  release();
  expect((await alarm).statusCode).toBe(200);
  await waiting;
  expect(open).toBe(true);
  // Answered just now: intake is not quiet yet, the journal keeps short transactions until it is.
  expect(gate.quietFor(1000)).toBe(false);
  clock += 999;
  expect(gate.quietFor(1000)).toBe(false);
  clock += 1;
  expect(gate.quietFor(1000)).toBe(true);
});
